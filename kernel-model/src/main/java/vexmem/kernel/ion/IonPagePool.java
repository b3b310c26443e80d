package vexmem.kernel.ion;

import java.util.ArrayDeque;
import vexmem.kernel.Kernel;
import vexmem.kernel.mm.PageAllocator;
import vexmem.kernel.mm.PageSize;

/** ion_page_pool: freed blocks of one order kept for reuse (all lowmem on this board). */
final class IonPagePool {
    private final Kernel kernel;
    final int order;
    final boolean cached;
    private final ArrayDeque<Long> lowItems = new ArrayDeque<>();

    IonPagePool(Kernel kernel, int order, boolean cached) {
        this.kernel = kernel;
        this.order = order;
        this.cached = cached;
    }

    /** ion_page_pool_alloc: a pooled block, else fresh zeroed pages; -1 when out of memory. */
    synchronized long alloc() {
        Long p = lowItems.pollFirst();
        if (p != null) {
            return p;
        }
        long pfn = kernel.pageAllocator().allocPages(order);
        if (pfn >= 0) {
            kernel.physicalMemory().zeroPages(PageSize.phys(pfn), PageSize.PAGE_SIZE << order);
        }
        return pfn;
    }

    synchronized void free(long pfn) {
        lowItems.addLast(pfn);
    }

    synchronized int lowCount() {
        return lowItems.size();
    }

    /**
     * ion_page_pool_shrink: frees up to {@code nr} pages' worth of blocks (0 = just count), taking
     * them from the head of the list as ion_page_pool_remove does.
     */
    synchronized long shrink(long nrToScan) {
        PageAllocator pa = kernel.pageAllocator();
        if (nrToScan == 0) {
            return (long) lowItems.size() << order;
        }
        long freed = 0;
        while (freed < nrToScan && !lowItems.isEmpty()) {
            pa.freePages(lowItems.pollFirst(), order);
            freed += 1L << order;
        }
        return freed;
    }

    synchronized void drain() {
        shrink(Long.MAX_VALUE);
    }
}
