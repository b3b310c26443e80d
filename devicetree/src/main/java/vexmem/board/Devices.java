package vexmem.board;

import java.util.ArrayList;
import java.util.List;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/** The device nodes drivers bind to: enabled, with a compatible, outside memory/reserved-memory/cpus/ION. */
public final class Devices {
    private Devices() { }

    public static List<DtNode> deviceNodes(DeviceTree tree) {
        List<DtNode> out = new ArrayList<>();
        for (DtNode c : tree.root().children()) {
            collect(c, out);
        }
        return out;
    }

    private static void collect(DtNode n, List<DtNode> out) {
        boolean skipSubtree = !n.isEnabled()
                || n.property("device_type").map(p -> p.string().equals("memory")).orElse(false)
                || (n.parent().isRoot() && (n.name().equals("reserved-memory") || n.name().equals("cpus")))
                || n.isCompatible(IonBinding.COMPATIBLE);
        if (skipSubtree) {
            return;
        }
        if (n.has("compatible")) {
            out.add(n);
        }
        n.children().forEach(c -> collect(c, out));
    }

    public static List<DeviceSpec> specs(DeviceTree tree) {
        return deviceNodes(tree).stream()
                .map(n -> new DeviceSpec(n.path(), n.name(), n.compatible(), memoryRegions(tree, n)))
                .toList();
    }

    /** Paths of the nodes memory-region points at; unresolvable phandles are left out (dangling-phandle reports them). */
    public static List<String> memoryRegions(DeviceTree tree, DtNode n) {
        List<String> out = new ArrayList<>();
        DtProperty mr = n.property("memory-region").orElse(null);
        if (mr == null) {
            return out;
        }
        for (int i = 0; i < mr.cellCount(); i++) {
            tree.byPhandle(mr.cell(i)).ifPresent(t -> out.add(t.path()));
        }
        return out;
    }
}
