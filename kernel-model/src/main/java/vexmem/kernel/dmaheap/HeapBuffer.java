package vexmem.kernel.dmaheap;

import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.DmaBuf;
import vexmem.kernel.dmabuf.DmaBufAttachment;
import vexmem.kernel.dmabuf.DmaBufOps;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.dmabuf.SgTable;
import vexmem.kernel.mm.AddressSpace;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/**
 * A DMA-BUF heap buffer (5.10 system/CMA heap buffers): its pages as an sg table, per-attachment
 * copies of the table, vmap, and an mmap that refuses private mappings.
 */
final class HeapBuffer implements DmaBufOps, vexmem.kernel.dmabuf.HasPages {
    private final Kernel kernel;
    final SgTable table;
    private final Runnable freeMemory;
    private long vaddr;

    HeapBuffer(Kernel kernel, List<Scatterlist> entries, Runnable freeMemory) {
        this.kernel = kernel;
        this.table = new SgTable(entries);
        this.freeMemory = freeMemory;
        kernel.objects().created(this);
    }

    @Override
    public SgTable pages() {
        return table;
    }

    @Override
    public void attach(DmaBuf dmabuf, DmaBufAttachment attachment) {
        attachment.priv = new SgTable(table.entries());
    }

    @Override
    public SgTable mapDmaBuf(DmaBufAttachment attachment, int direction) {
        return (SgTable) attachment.priv;
    }

    @Override
    public void release(DmaBuf dmabuf) {
        if (vaddr != 0) {
            kernel.service(KernelMap.class).vunmap(vaddr);
            vaddr = 0;
        }
        freeMemory.run();
        kernel.objects().destroyed(this);
    }

    @Override
    public long vmap(DmaBuf dmabuf) {
        vaddr = kernel.service(KernelMap.class).vmap(table.pfns());
        return vaddr;
    }

    @Override
    public void vunmap(DmaBuf dmabuf, long v) {
        kernel.service(KernelMap.class).vunmap(v);
        vaddr = 0;
    }

    /** Page-wise kernel mapping for importers that still use dma_buf_kmap. */
    @Override
    public long kmap(DmaBuf dmabuf, long pageNum) {
        long[] pfns = table.pfns();
        if (pageNum < 0 || pageNum >= pfns.length) {
            return 0;
        }
        return kernel.service(KernelMap.class).vmap(new long[] {pfns[(int) pageNum]});
    }

    @Override
    public void kunmap(DmaBuf dmabuf, long pageNum, long v) {
        kernel.service(KernelMap.class).vunmap(v);
    }

    @Override
    public void mmap(Task current, DmaBuf dmabuf, Vma vma) {
        if (!vma.isShared()) {
            throw new KernelError(Errno.EINVAL);
        }
        long[] pfns = table.pfns();
        long first = vma.pgoff();
        for (int i = 0; i < vma.pageCount() && first + i < pfns.length; i++) {
            AddressSpace.remapPfnRange(vma, vma.start() + ((long) i << PageSize.PAGE_SHIFT), pfns[(int) first + i],
                    PageSize.PAGE_SIZE, vma.prot());
        }
    }
}
