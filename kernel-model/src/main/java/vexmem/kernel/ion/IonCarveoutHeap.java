package vexmem.kernel.ion;

import java.util.List;
import vexmem.board.ReservedRegion;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.dmabuf.SgTable;
import vexmem.kernel.mm.GenPool;
import vexmem.kernel.mm.PageSize;

/**
 * ion_carveout_heap: first fit from a gen_pool over a reserved region, granule PAGE_SIZE. gen_pool
 * returns 0 for failure, so a carveout at physical 0 could never hand out its first block.
 */
public final class IonCarveoutHeap extends IonHeap {
    private final GenPool pool;
    private final long base;
    private final long size;
    private final long usable;

    public IonCarveoutHeap(Kernel k, String name, int id, ReservedRegion region) {
        super(k, name, IonUapi.ION_HEAP_TYPE_CARVEOUT, id, FLAG_DEFER_FREE);
        this.base = region.base();
        this.size = region.size();
        this.pool = new GenPool(PageSize.PAGE_SHIFT);
        pool.add(base, size);
        this.usable = pool.avail(); // a trailing partial page is never usable
        k.physicalMemory().zeroPages(base, size);
    }

    @Override
    public void allocate(IonBuffer buffer, long len, long align, int flags) {
        if (align > PageSize.PAGE_SIZE) {
            throw new KernelError(Errno.EINVAL);
        }
        long paddr = pool.alloc(len);
        if (paddr == 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        buffer.setSgTable(new SgTable(List.of(Scatterlist.of(PageSize.pfn(paddr), len))));
        buffer.priv = paddr;
    }

    @Override
    public void free(IonBuffer buffer) {
        long paddr = (Long) buffer.priv;
        kernel.physicalMemory().zeroPages(paddr, PageSize.pageAlign(buffer.size()));
        pool.free(paddr, buffer.size());
    }

    @Override
    public long[] phys(IonBuffer buffer) {
        return new long[] {(Long) buffer.priv, buffer.size()};
    }

    @Override
    public List<String> leaks() {
        long avail = pool.avail();
        return avail == usable ? List.of()
                : List.of(String.format("ion carveout heap %s: %d of %d bytes not returned", name(), usable - avail, usable));
    }
}
