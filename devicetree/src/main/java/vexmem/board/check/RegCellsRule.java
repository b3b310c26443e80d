package vexmem.board.check;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.Cells;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/** reg, size, alignment and alloc-ranges must be as long as the cells say, or Linux skips the node. */
final class RegCellsRule extends Rule {
    RegCellsRule() {
        super("reg-cells", Severity.ERROR,
                "reg/alloc-ranges must be whole (#address-cells + #size-cells) entries, size #size-cells and alignment #address-cells long");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        List<Finding> out = new ArrayList<>();
        for (DtNode n : b.tree().allNodes()) {
            if (n.isRoot() || !n.isEnabled() || !n.has("reg")) {
                continue;
            }
            int ac = n.parent().addressCells();
            int sc = n.parent().sizeCells();
            if (n.parent().isRoot()) {
                ac = b.addressCells();
                sc = b.sizeCells();
            }
            DtProperty reg = n.property("reg").get();
            int entry = (ac + sc) * 4;
            if (entry == 0 ? reg.length() != 0 : reg.length() == 0 || reg.length() % entry != 0) {
                out.add(finding(n.path(), "reg is " + reg.length() + " bytes, not a multiple of (" + ac + " + " + sc + ") cells"));
            }
        }
        DtNode rm = b.reserved().node();
        if (rm != null && b.reserved().formatProblem() == null) {
            for (DtNode c : rm.children()) {
                if (c.isEnabled() && !c.has("reg")) {
                    checkDynamic(c, b.addressCells(), b.sizeCells(), out);
                }
            }
        }
        return out;
    }

    private void checkDynamic(DtNode c, int ac, int sc, List<Finding> out) {
        c.property("size").filter(p -> Cells.single(p, sc).isEmpty()).ifPresent(p ->
                out.add(finding(c.path(), "size is " + p.length() + " bytes, #size-cells needs " + sc * 4)));
        c.property("alignment").filter(p -> Cells.single(p, ac).isEmpty()).ifPresent(p ->
                out.add(finding(c.path(), "alignment is " + p.length() + " bytes; Linux 4.9 reads it with #address-cells ("
                        + ac * 4 + " bytes)")));
        c.property("alloc-ranges").filter(p -> Cells.pairs(p, ac, sc).isEmpty()).ifPresent(p ->
                out.add(finding(c.path(), "alloc-ranges is " + p.length() + " bytes, not a multiple of (" + ac + " + " + sc + ") cells")));
    }
}
