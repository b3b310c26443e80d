package vexmem.board;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;

/** DRAM banks from the root's memory nodes (device_type "memory"), read with the root's cells. */
public final class MemoryBanks {
    private MemoryBanks() { }

    public static List<DtNode> memoryNodes(DeviceTree tree) {
        return tree.root().children().stream()
                .filter(n -> n.property("device_type").map(p -> p.string().equals("memory")).orElse(false))
                .filter(DtNode::isEnabled)
                .toList();
    }

    /** Every non-empty reg entry of every memory node, in address order. */
    public static List<DramBank> banks(DeviceTree tree) {
        int ac = Cells.rootAddressCells(tree.root());
        int sc = Cells.rootSizeCells(tree.root());
        List<DramBank> out = new ArrayList<>();
        for (DtNode n : memoryNodes(tree)) {
            n.property("reg").flatMap(p -> Cells.pairs(p, ac, sc)).orElse(List.of()).stream()
                    .filter(r -> r.size() > 0)
                    .forEach(r -> out.add(new DramBank(r.base(), r.size(), n.path())));
        }
        out.sort(Comparator.comparingLong(DramBank::base));
        return out;
    }
}
