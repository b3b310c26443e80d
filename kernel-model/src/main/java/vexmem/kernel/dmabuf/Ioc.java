package vexmem.kernel.dmabuf;

/** The asm-generic ioctl number layout ARM uses: nr 0-7, type 8-15, size 16-29, dir 30-31. */
public final class Ioc {
    public static final int NONE = 0, WRITE = 1, READ = 2;

    private Ioc() {
    }

    public static int nr(int cmd) {
        return cmd & 0xff;
    }

    public static int type(int cmd) {
        return (cmd >>> 8) & 0xff;
    }

    public static int size(int cmd) {
        return (cmd >>> 16) & 0x3fff;
    }

    public static int dir(int cmd) {
        return (cmd >>> 30) & 3;
    }

    public static int ioc(int dir, int type, int nr, int size) {
        return (dir << 30) | (size << 16) | (type << 8) | nr;
    }
}
