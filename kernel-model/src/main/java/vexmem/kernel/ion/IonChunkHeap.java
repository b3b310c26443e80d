package vexmem.kernel.ion;

import java.util.ArrayList;
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
 * ion_chunk_heap: a gen_pool with chunk-sized granules; requests are rounded up to whole chunks and
 * refused (ENOMEM) before touching the pool when the rounded size exceeds what is left.
 */
public final class IonChunkHeap extends IonHeap {
    private final GenPool pool;
    private final long chunkSize;
    private final long size;
    private final long usable;
    private long allocated;

    public IonChunkHeap(Kernel k, String name, int id, ReservedRegion region, long chunkSize) {
        super(k, name, IonUapi.ION_HEAP_TYPE_CHUNK, id, FLAG_DEFER_FREE);
        this.chunkSize = chunkSize;
        this.size = region.size();
        this.pool = new GenPool(PageSize.PAGE_SHIFT + PageSize.getOrder(chunkSize));
        pool.add(region.base(), region.size());
        this.usable = pool.avail(); // a trailing partial chunk is never usable
        k.physicalMemory().zeroPages(region.base(), region.size());
    }

    @Override
    public synchronized void allocate(IonBuffer buffer, long len, long align, int flags) {
        if (align > chunkSize) {
            throw new KernelError(Errno.EINVAL);
        }
        long allocatedSize = (len + chunkSize - 1) / chunkSize * chunkSize;
        if (allocatedSize > size - allocated) {
            throw new KernelError(Errno.ENOMEM);
        }
        long chunks = allocatedSize / chunkSize;
        List<Scatterlist> sg = new ArrayList<>();
        for (long i = 0; i < chunks; i++) {
            long paddr = pool.alloc(chunkSize);
            if (paddr == 0) {
                for (Scatterlist s : sg) {
                    pool.free(s.phys(), chunkSize);
                }
                throw new KernelError(Errno.ENOMEM);
            }
            sg.add(Scatterlist.of(PageSize.pfn(paddr), chunkSize));
        }
        allocated += allocatedSize;
        buffer.setSgTable(new SgTable(sg));
        buffer.priv = allocatedSize;
    }

    @Override
    public synchronized void free(IonBuffer buffer) {
        for (Scatterlist s : buffer.sgTable().entries()) {
            kernel.physicalMemory().zeroPages(s.phys(), s.length());
            pool.free(s.phys(), s.length());
        }
        allocated -= (Long) buffer.priv;
    }

    @Override
    public List<String> leaks() {
        long avail = pool.avail();
        return avail == usable && allocated == 0 ? List.of()
                : List.of(String.format("ion chunk heap %s: %d bytes not returned", name(), usable - avail));
    }
}
