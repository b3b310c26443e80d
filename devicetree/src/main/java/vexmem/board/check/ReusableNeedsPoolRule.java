package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;

/** reusable alone does nothing: without shared-dma-pool no CMA area is created and the memory stays reserved. */
final class ReusableNeedsPoolRule extends Rule {
    ReusableNeedsPoolRule() {
        super("reusable-needs-pool", Severity.WARNING,
                "reusable without compatible \"shared-dma-pool\" creates no CMA area; the pages stay reserved");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        return b.reserved().regions().stream().filter(r -> r.reusable() && !r.isSharedDmaPool() && !r.noMap())
                .map(r -> finding(r.path(), "reusable but not compatible with shared-dma-pool: no CMA area will exist"))
                .toList();
    }
}
