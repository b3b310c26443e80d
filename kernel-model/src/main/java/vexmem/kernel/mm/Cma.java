package vexmem.kernel.mm;

import java.util.List;
import java.util.Optional;

/** The board's CMA areas (a Kernel service). STUB: bodies come with the mm work. */
public final class Cma {
    public List<CmaArea> areas() { throw new UnsupportedOperationException(); }

    /** dev_get_cma_area(NULL): the linux,cma-default area. */
    public Optional<CmaArea> defaultArea() { throw new UnsupportedOperationException(); }

    /** The area made from the reserved-memory node at {@code path}. */
    public Optional<CmaArea> byRegionPath(String path) { throw new UnsupportedOperationException(); }

    /**
     * dma_alloc_from_contiguous as ARM's coherent allocator uses it: {@code size} bytes from the area,
     * alignment order min(get_order(size), CONFIG_CMA_ALIGNMENT=8), pages zeroed. Returns phys or -1.
     */
    public long dmaAlloc(CmaArea area, long size) { throw new UnsupportedOperationException(); }

    public void dmaFree(CmaArea area, long phys, long size) { throw new UnsupportedOperationException(); }
}
