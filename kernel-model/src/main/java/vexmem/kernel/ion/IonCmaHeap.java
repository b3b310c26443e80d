package vexmem.kernel.ion;

import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.dmabuf.SgTable;
import vexmem.kernel.mm.Cma;
import vexmem.kernel.mm.CmaArea;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.mm.PageSize;

/**
 * ion_cma_heap (type DMA): dma_alloc_coherent from the heap's CMA area. ION_FLAG_CACHED → EINVAL
 * unless the board allows it (vendor behaviour); allocation failure returns a bare -1, which user
 * space sees as EPERM, exactly as mainline 4.9.
 */
public final class IonCmaHeap extends IonHeap {
    private final String regionPath;
    private final boolean allowCached;

    public IonCmaHeap(Kernel k, String name, int id, String regionPath, boolean allowCached) {
        super(k, name, IonUapi.ION_HEAP_TYPE_DMA, id, 0);
        this.regionPath = regionPath;
        this.allowCached = allowCached;
    }

    private CmaArea area() {
        Cma cma = kernel.service(Cma.class);
        var a = regionPath != null ? cma.byRegionPath(regionPath) : cma.defaultArea();
        return a.or(cma::defaultArea).orElse(null);
    }

    @Override
    public void allocate(IonBuffer buffer, long len, long align, int flags) {
        if ((flags & IonUapi.ION_FLAG_CACHED) != 0 && !allowCached) {
            throw new KernelError(Errno.EINVAL);
        }
        if (align > PageSize.PAGE_SIZE) {
            throw new KernelError(Errno.EINVAL);
        }
        CmaArea area = area();
        long phys = area == null ? -1 : kernel.service(Cma.class).dmaAlloc(area, len);
        if (phys < 0) {
            kernel.log().err("ion-cma: Fail to allocate buffer");
            throw new KernelError(Errno.EPERM, "ION_CMA_ALLOCATE_FAILED (-1)");
        }
        buffer.setSgTable(new SgTable(List.of(Scatterlist.of(PageSize.pfn(phys), len))));
        buffer.priv = new Object[] {area, phys};
    }

    @Override
    public void free(IonBuffer buffer) {
        Object[] p = (Object[]) buffer.priv;
        kernel.service(Cma.class).dmaFree((CmaArea) p[0], (Long) p[1], buffer.size());
    }

    /** Whether the allocation lies above lowmem (4.9 places CMA in highmem first). */
    private boolean highmem(IonBuffer buffer) {
        long phys = (Long) ((Object[]) buffer.priv)[1];
        return phys + buffer.size() > kernel.service(KernelMap.class).lowmemEndPhys();
    }

    /**
     * The coherent allocation's CPU address: the linear map for lowmem; for highmem CMA pages ARM's
     * allocator remaps them (__dma_alloc_remap), modelled as a vmap undone by unmapKernel.
     */
    @Override
    public long mapKernel(IonBuffer buffer) {
        if (highmem(buffer)) {
            return super.mapKernel(buffer);
        }
        return kernel.service(KernelMap.class).physToVirt((Long) ((Object[]) buffer.priv)[1]);
    }

    @Override
    public void unmapKernel(IonBuffer buffer) {
        if (highmem(buffer)) {
            super.unmapKernel(buffer);
        }
    }

    @Override
    public long[] phys(IonBuffer buffer) {
        return new long[] {(Long) ((Object[]) buffer.priv)[1], buffer.size()};
    }
}
