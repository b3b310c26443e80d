package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.ReservedLayout;

/** Linux ignores the whole /reserved-memory node when its cells differ from the root's or ranges is missing. */
final class ReservedMemoryFormatRule extends Rule {
    ReservedMemoryFormatRule() {
        super("reserved-memory-format", Severity.ERROR,
                "/reserved-memory needs #address-cells/#size-cells equal to the root's and an empty ranges, or Linux ignores every region in it");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        ReservedLayout l = b.reserved();
        if (l.node() == null || l.formatProblem() == null) {
            return List.of();
        }
        return List.of(finding(l.node().path(), l.formatProblem() + ": Linux ignores the whole node"));
    }
}
