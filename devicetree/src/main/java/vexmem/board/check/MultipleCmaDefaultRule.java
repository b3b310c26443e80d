package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.ReservedRegion;

/** Each linux,cma-default CMA area overwrites dma_contiguous_default_area; only the last one would win. */
final class MultipleCmaDefaultRule extends Rule {
    MultipleCmaDefaultRule() {
        super("multiple-cma-default", Severity.ERROR, "at most one CMA area may carry linux,cma-default");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        List<ReservedRegion> defaults = b.reserved().regions().stream()
                .filter(r -> r.cmaDefault() && r.kind() == ReservedRegion.Kind.CMA).toList();
        return defaults.stream().skip(1)
                .map(r -> finding(r.path(), "second linux,cma-default area (first: " + defaults.get(0).path()
                        + "); the kernel silently keeps only the last"))
                .toList();
    }
}
