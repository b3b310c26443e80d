package vexmem.kernel.dmaheap;

import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.DmaBuf;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.mm.CmaArea;
import vexmem.kernel.mm.PageSize;

/**
 * The CMA DMA-BUF heap of the default CMA area, named by the area (the DT node name or "reserved").
 * Alignment min(get_order(len), CONFIG_CMA_ALIGNMENT = 8); pages zeroed.
 */
public final class CmaHeap implements DmaHeapOps {
    static final int CONFIG_CMA_ALIGNMENT = 8;
    private final Kernel kernel;
    private final CmaArea area;

    public CmaHeap(Kernel kernel, CmaArea area) {
        this.kernel = kernel;
        this.area = area;
    }

    public CmaArea area() {
        return area;
    }

    @Override
    public DmaBuf allocate(DmaHeap heap, long len, int fdFlags, long heapFlags) {
        long pages = len >>> PageSize.PAGE_SHIFT;
        int align = Math.min(PageSize.getOrder(len), CONFIG_CMA_ALIGNMENT);
        long pfn = area.alloc(pages, align);
        if (pfn < 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        kernel.physicalMemory().zeroPages(PageSize.phys(pfn), len);
        HeapBuffer hb = new HeapBuffer(kernel, List.of(Scatterlist.of(pfn, len)), () -> area.release(pfn, pages));
        return DmaBuf.export(kernel, "cma", hb, len, fdFlags, hb);
    }
}
