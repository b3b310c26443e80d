package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.ReservedMemoryScanner;
import vexmem.board.ReservedRegion;

/** rmem_cma_setup rejects ("incorrect alignment of CMA region") a base or size that is not 4 MiB aligned. */
final class CmaAlignmentRule extends Rule {
    CmaAlignmentRule() {
        super("cma-alignment", Severity.ERROR,
                "a CMA area's base and size must be multiples of 4 MiB (PAGE_SIZE << max(MAX_ORDER-1, pageblock_order))");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        long a = ReservedMemoryScanner.CMA_MIN_ALIGN;
        return b.reserved().regions().stream()
                .filter(r -> r.kind() == ReservedRegion.Kind.CMA && (r.base() % a != 0 || r.size() % a != 0))
                .map(r -> finding(r.path(), String.format("CMA base 0x%x / size 0x%x not aligned to 0x%x: rmem_cma_setup fails with EINVAL",
                        r.base(), r.size(), a)))
                .toList();
    }
}
