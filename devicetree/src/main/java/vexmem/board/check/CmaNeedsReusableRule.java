package vexmem.board.check;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.ReservedRegion;

/**
 * On ARM a shared-dma-pool is a CMA area only with reusable, and a coherent pool only with no-map;
 * with neither both handlers fail. linux,cma-default on anything but a CMA area is likewise lost.
 */
final class CmaNeedsReusableRule extends Rule {
    CmaNeedsReusableRule() {
        super("cma-needs-reusable", Severity.ERROR,
                "a shared-dma-pool needs reusable (CMA) or no-map (coherent pool); linux,cma-default needs a reusable shared-dma-pool");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        List<Finding> out = new ArrayList<>();
        for (ReservedRegion r : b.reserved().regions()) {
            if (r.isSharedDmaPool() && !r.reusable() && !r.noMap()) {
                out.add(finding(r.path(), "shared-dma-pool without reusable or no-map: not a CMA area, and ARM's coherent pool needs no-map"));
            } else if (r.cmaDefault() && r.kind() != ReservedRegion.Kind.CMA && !(r.noMap() && r.reusable())) {
                out.add(finding(r.path(), "linux,cma-default on a region that is not a CMA area (needs shared-dma-pool + reusable)"));
            }
        }
        return out;
    }
}
