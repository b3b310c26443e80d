package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;

/** no-map removes the pages from the kernel; reusable promises the kernel may use them. Both cannot hold. */
final class NomapReusableRule extends Rule {
    NomapReusableRule() {
        super("nomap-reusable", Severity.ERROR, "a region cannot be both no-map and reusable (neither CMA nor the coherent pool accepts it)");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        return b.reserved().regions().stream().filter(r -> r.noMap() && r.reusable())
                .map(r -> finding(r.path(), "has both no-map and reusable")).toList();
    }
}
