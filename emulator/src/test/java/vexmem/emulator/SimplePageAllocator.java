package vexmem.emulator;

import java.util.ArrayDeque;
import vexmem.kernel.mm.PageAllocator;

/** A bump allocator with a free list of single pages: enough to run guests until the buddy allocator lands. */
final class SimplePageAllocator implements PageAllocator {
    private final long first;
    private final long limit;
    private long next;
    private final ArrayDeque<Long> free = new ArrayDeque<>();

    SimplePageAllocator(long firstPfn, long pages) {
        this.first = firstPfn;
        this.limit = firstPfn + pages;
        this.next = firstPfn;
    }

    @Override
    public synchronized long allocPages(int order) {
        long n = 1L << order;
        if (n == 1 && !free.isEmpty()) {
            return free.pop();
        }
        long start = (next + n - 1) & -n;
        if (start + n > limit) {
            return -1;
        }
        next = start + n;
        return start;
    }

    @Override
    public synchronized void freePages(long pfn, int order) {
        for (long i = 0; i < (1L << order); i++) {
            free.push(pfn + i);
        }
    }

    @Override
    public synchronized long allocPagesExact(long count) {
        if (count == 1 && !free.isEmpty()) {
            return free.pop();
        }
        if (next + count > limit) {
            return -1;
        }
        long start = next;
        next += count;
        return start;
    }

    @Override
    public synchronized long freePageCount() {
        return limit - next + free.size();
    }

    @Override
    public long totalPageCount() {
        return limit - first;
    }
}
