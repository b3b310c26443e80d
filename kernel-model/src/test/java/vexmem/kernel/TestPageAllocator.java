package vexmem.kernel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import vexmem.kernel.mm.PageAllocator;

/** A bump allocator with a page free list, standing in for the buddy allocator in VFS tests. */
public final class TestPageAllocator implements PageAllocator {
    private final long firstPfn;
    private final long total;
    private long next;
    private final ArrayDeque<Long> freeList = new ArrayDeque<>();
    private final Map<Long, Integer> orders = new HashMap<>();
    private long used;

    public TestPageAllocator(long base, long size) {
        this.firstPfn = base >>> 12;
        this.total = size >>> 12;
        this.next = firstPfn;
    }

    @Override
    public synchronized long allocPages(int order) {
        long pfn = allocPagesExact(1L << order);
        if (pfn >= 0) {
            orders.put(pfn, order);
        }
        return pfn;
    }

    @Override
    public synchronized void freePages(long pfn, int order) {
        for (long i = 0; i < (1L << order); i++) {
            freeList.add(pfn + i);
        }
        used -= 1L << order;
    }

    @Override
    public synchronized long allocPagesExact(long count) {
        if (count == 1 && !freeList.isEmpty()) {
            used++;
            return freeList.poll();
        }
        if (next + count > firstPfn + total) {
            return -1;
        }
        long p = next;
        next += count;
        used += count;
        return p;
    }

    @Override
    public synchronized long freePageCount() {
        return total - used;
    }

    @Override
    public synchronized long totalPageCount() {
        return total;
    }

    public synchronized long usedPages() {
        return used;
    }
}
