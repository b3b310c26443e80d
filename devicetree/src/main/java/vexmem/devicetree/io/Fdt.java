package vexmem.devicetree.io;

/** Constants of the flattened device tree (DTB) format, devicetree specification v0.4 chapter 5. */
final class Fdt {
    static final int MAGIC = 0xd00dfeed;
    static final int BEGIN_NODE = 1;
    static final int END_NODE = 2;
    static final int PROP = 3;
    static final int NOP = 4;
    static final int END = 9;
    static final int VERSION = 17;
    static final int LAST_COMP_VERSION = 16;
    static final int HEADER_V17 = 40;
    static final int HEADER_V16 = 36;
    /** Linux's FDT_MAX_DEPTH; also keeps the recursive tree walks of the model safe. */
    static final int MAX_DEPTH = 64;

    private Fdt() { }
}
