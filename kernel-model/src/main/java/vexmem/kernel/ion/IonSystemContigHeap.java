package vexmem.kernel.ion;

import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.dmabuf.SgTable;
import vexmem.kernel.mm.PageSize;

/**
 * ion_system_contig_heap: alloc_pages(get_order(len)), split, tail pages given back; one sg entry.
 * order ≥ MAX_ORDER (over 4 MiB) fails in the page allocator → ENOMEM.
 */
public final class IonSystemContigHeap extends IonHeap {
    public IonSystemContigHeap(Kernel k, String name, int id) {
        super(k, name, IonUapi.ION_HEAP_TYPE_SYSTEM_CONTIG, id, 0);
    }

    @Override
    public void allocate(IonBuffer buffer, long len, long align, int flags) {
        int order = PageSize.getOrder(len);
        if (align > (PageSize.PAGE_SIZE << order)) {
            throw new KernelError(Errno.EINVAL);
        }
        if (order >= PageSize.MAX_ORDER) {
            kernel.log().warn("ion_system_contig_heap: alloc_pages order %d >= MAX_ORDER", order);
            throw new KernelError(Errno.ENOMEM);
        }
        long pages = PageSize.pageAlign(len) >>> PageSize.PAGE_SHIFT;
        // alloc_pages + split_page + freeing the tail is what alloc_pages_exact does.
        long pfn = kernel.pageAllocator().allocPagesExact(pages);
        if (pfn < 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        kernel.physicalMemory().zeroPages(PageSize.phys(pfn), pages << PageSize.PAGE_SHIFT);
        buffer.setSgTable(new SgTable(List.of(Scatterlist.of(pfn, pages << PageSize.PAGE_SHIFT))));
        buffer.priv = new long[] {pfn, pages};
    }

    @Override
    public void free(IonBuffer buffer) {
        long[] p = (long[]) buffer.priv;
        for (long i = 0; i < p[1]; i++) {
            kernel.pageAllocator().freePages(p[0] + i, 0);
        }
    }

    @Override
    public long[] phys(IonBuffer buffer) {
        long[] p = (long[]) buffer.priv;
        return new long[] {PageSize.phys(p[0]), buffer.size()};
    }
}
