package vexmem.board.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vexmem.board.BoardAnalysis;
import vexmem.board.IonBinding;
import vexmem.board.IonHeapSpec;
import vexmem.board.ReservedRegion;

/**
 * Carveout and chunk heaps hand out pages the kernel must never touch (a no-map region that is not CMA);
 * the dma heap allocates from a CMA area.
 */
final class IonHeapRegionRule extends Rule {
    IonHeapRegionRule() {
        super("ion-heap-region", Severity.ERROR,
                "carveout/chunk heaps need a no-map non-CMA reserved region, the dma heap a CMA area (its own or the default)");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        List<Finding> out = new ArrayList<>();
        for (IonBinding.Heap h : b.heaps()) {
            if (!IonBinding.needsRegion(h.type())) {
                continue;
            }
            String where = h.node().path();
            boolean dma = h.type() == IonHeapSpec.TYPE_DMA;
            if (h.regionPath() == null) {
                out.add(finding(where, dma ? "dma heap has no memory-region and the board has no default CMA area"
                        : "heap needs memory-region = <&region> pointing at a no-map reserved region"));
                continue;
            }
            Optional<ReservedRegion> r = b.reserved().region(h.regionPath());
            if (r.isEmpty()) {
                out.add(finding(where, "memory-region " + h.regionPath() + " is not a usable /reserved-memory region"));
            } else if (dma && r.get().kind() != ReservedRegion.Kind.CMA) {
                out.add(finding(where, "dma heap region " + h.regionPath() + " is not a CMA area (shared-dma-pool + reusable)"));
            } else if (!dma && r.get().kind() != ReservedRegion.Kind.CARVEOUT) {
                out.add(finding(where, "heap region " + h.regionPath() + " must be no-map and not a shared-dma-pool (is "
                        + r.get().kind().name().toLowerCase(java.util.Locale.ROOT) + ")"));
            }
        }
        return out;
    }
}
