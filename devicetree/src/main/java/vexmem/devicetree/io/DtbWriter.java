package vexmem.devicetree.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/** Writes a flattened device tree, version 17 (last compatible 16), with deduplicated property names. */
public final class DtbWriter {

    public byte[] write(DeviceTree tree) {
        Blob struct = new Blob();
        Map<String, Integer> names = new LinkedHashMap<>();
        Blob strings = new Blob();
        node(tree.root(), struct, names, strings);
        struct.u32(Fdt.END);

        Blob rsv = new Blob();
        for (DeviceTree.MemReserve m : tree.memReserves()) {
            rsv.u64(m.address());
            rsv.u64(m.size());
        }
        rsv.u64(0);
        rsv.u64(0);

        int offRsv = Fdt.HEADER_V17;               // already 8-byte aligned
        int offStruct = offRsv + rsv.size();       // 8-aligned: entries are 16 bytes
        int offStrings = offStruct + struct.size();
        int total = offStrings + strings.size();

        Blob out = new Blob();
        out.u32(Fdt.MAGIC);
        out.u32(total);
        out.u32(offStruct);
        out.u32(offStrings);
        out.u32(offRsv);
        out.u32(Fdt.VERSION);
        out.u32(Fdt.LAST_COMP_VERSION);
        out.u32(0);                                // boot_cpuid_phys
        out.u32(strings.size());
        out.u32(struct.size());
        out.writeBytes(rsv.toByteArray());
        out.writeBytes(struct.toByteArray());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    private void node(DtNode n, Blob struct, Map<String, Integer> names, Blob strings) {
        struct.u32(Fdt.BEGIN_NODE);
        struct.writeBytes(n.name().getBytes(StandardCharsets.UTF_8));
        struct.write(0);
        struct.align4();
        for (DtProperty p : n.properties()) {
            Integer off = names.get(p.name());
            if (off == null) {
                off = strings.size();
                names.put(p.name(), off);
                strings.writeBytes(p.name().getBytes(StandardCharsets.UTF_8));
                strings.write(0);
            }
            struct.u32(Fdt.PROP);
            struct.u32(p.length());
            struct.u32(off);
            struct.writeBytes(p.value());
            struct.align4();
        }
        n.children().forEach(c -> node(c, struct, names, strings));
        struct.u32(Fdt.END_NODE);
    }

    /** Big-endian byte sink. */
    private static final class Blob extends ByteArrayOutputStream {
        void u32(long v) {
            for (int s = 24; s >= 0; s -= 8) {
                write((int) (v >>> s) & 0xff);
            }
        }

        void u64(long v) {
            u32(v >>> 32);
            u32(v);
        }

        void align4() {
            while (size() % 4 != 0) {
                write(0);
            }
        }
    }
}
