package vexmem.devicetree.io;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/**
 * Writes dtc source (/dts-v1/). Phandle cells whose label is known are written as {@code &label};
 * phandle properties are written out explicitly so dtc reproduces exactly the same numbers.
 */
public final class DtsWriter {

    public String write(DeviceTree tree) {
        Set<String> labels = new HashSet<>();
        tree.root().walk(n -> labels.addAll(n.labels()));
        StringBuilder sb = new StringBuilder("/dts-v1/;\n\n");
        for (DeviceTree.MemReserve m : tree.memReserves()) {
            sb.append(String.format("/memreserve/ 0x%x 0x%x;%n", m.address(), m.size()));
        }
        if (!tree.memReserves().isEmpty()) {
            sb.append('\n');
        }
        node(tree.root(), 0, labels, sb);
        return sb.toString();
    }

    private void node(DtNode n, int depth, Set<String> labels, StringBuilder sb) {
        String tab = "\t".repeat(depth);
        sb.append(tab);
        if (!n.isRoot()) {
            n.labels().forEach(l -> sb.append(l).append(": "));
        }
        sb.append(n.isRoot() ? "/" : n.name()).append(" {\n");
        for (DtProperty p : n.properties()) {
            sb.append(tab).append('\t').append(p.name());
            if (!p.isEmpty()) {
                sb.append(" = ").append(value(p, labels));
            }
            sb.append(";\n");
        }
        for (DtNode c : n.children()) {
            if (c != n.children().get(0) || !n.properties().isEmpty()) {
                sb.append('\n');
            }
            node(c, depth + 1, labels, sb);
        }
        sb.append(tab).append("};\n");
    }

    static String value(DtProperty p, Set<String> labels) {
        boolean refs = p.phandleRefs().stream().anyMatch(r -> labels.contains(r.label()));
        if (p.isStringList() && !refs) {
            return p.stringList().stream().map(DtsWriter::quote).collect(Collectors.joining(", "));
        }
        if (p.isCellAligned()) {
            StringBuilder sb = new StringBuilder("<");
            for (int i = 0; i < p.cellCount(); i++) {
                final int idx = i;
                String label = p.phandleRefs().stream()
                        .filter(r -> r.cellIndex() == idx && labels.contains(r.label()))
                        .map(DtProperty.PhandleRef::label).findFirst().orElse(null);
                sb.append(i > 0 ? " " : "").append(label != null ? "&" + label : String.format("0x%x", p.cell(i)));
            }
            return sb.append('>').toString();
        }
        StringBuilder sb = new StringBuilder("[");
        byte[] v = p.value();
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? " " : "").append(String.format("%02x", v[i] & 0xff));
        }
        return sb.append(']').toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
