package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;

/** memblock found no room: Linux logs "failed to allocate memory for node" and the region does not exist. */
final class DynamicUnplaceableRule extends Rule {
    DynamicUnplaceableRule() {
        super("dynamic-unplaceable", Severity.ERROR,
                "a dynamic region (size, alignment, alloc-ranges) must fit in free DRAM after the static reservations");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        return b.reserved().unplaced().stream()
                .filter(p -> !p.reason().startsWith("no free 0x0 "))
                .map(p -> finding(p.node().path(), "cannot be placed: " + p.reason()))
                .toList();
    }
}
