package vexmem.board.check;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.Cells;
import vexmem.board.MemoryBanks;
import vexmem.board.Range;
import vexmem.board.ReservedLayout;
import vexmem.board.ReservedRegion;
import vexmem.devicetree.DtNode;

/** Empty banks and regions reserve nothing; a region without reg or size is silently dropped. */
final class ZeroSizeRule extends Rule {
    ZeroSizeRule() {
        super("zero-size", Severity.ERROR, "memory banks and reserved regions must have a non-zero size");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        List<Finding> out = new ArrayList<>();
        for (DtNode n : MemoryBanks.memoryNodes(b.tree())) {
            n.property("reg").flatMap(p -> Cells.pairs(p, b.addressCells(), b.sizeCells())).orElse(List.of()).stream()
                    .filter(r -> r.size() == 0).map(Range::base).findFirst()
                    .ifPresent(base -> out.add(finding(n.path(), String.format("memory bank at 0x%x has size 0", base))));
        }
        for (ReservedRegion r : b.reserved().regions()) {
            if (r.size() == 0) {
                out.add(finding(r.path(), "reserved region has size 0"));
            }
        }
        for (ReservedLayout.NodeProblem p : b.reserved().ignored()) {
            if (p.reason().equals("has neither reg nor size")) {
                out.add(finding(p.node().path(), "region has neither reg nor size: Linux skips it"));
            }
        }
        for (ReservedLayout.NodeProblem p : b.reserved().unplaced()) {
            p.node().property("size").flatMap(s -> Cells.single(s, b.sizeCells())).filter(s -> s == 0)
                    .ifPresent(s -> out.add(finding(p.node().path(), "dynamic region has size 0")));
        }
        return out;
    }
}
