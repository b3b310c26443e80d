package vexmem.board.check;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/** of_parse_phandle fails for a memory-region cell no node claims; the driver then gets no memory. */
final class DanglingPhandleRule extends Rule {
    DanglingPhandleRule() {
        super("dangling-phandle", Severity.ERROR, "every memory-region phandle must point at an existing node");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        List<Finding> out = new ArrayList<>();
        for (DtNode n : b.tree().allNodes()) {
            DtProperty mr = n.property("memory-region").orElse(null);
            if (mr == null || !n.isEnabled()) {
                continue;
            }
            if (!mr.isCellAligned() || mr.isEmpty()) {
                out.add(finding(n.path(), "memory-region is not a list of phandles"));
                continue;
            }
            for (int i = 0; i < mr.cellCount(); i++) {
                if (b.tree().byPhandle(mr.cell(i)).isEmpty()) {
                    out.add(finding(n.path(), String.format("memory-region phandle 0x%x points at no node", mr.cell(i))));
                }
            }
        }
        return out;
    }
}
