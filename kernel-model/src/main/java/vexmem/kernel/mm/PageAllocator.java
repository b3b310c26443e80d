package vexmem.kernel.mm;

/**
 * The kernel's page allocator (System RAM). Page frame numbers are physical address >> PAGE_SHIFT.
 * Implemented by {@link BuddyAllocator}.
 */
public interface PageAllocator {
    /** Allocates 2^order contiguous pages (alloc_pages); returns the first pfn, or -1 when out of memory. */
    long allocPages(int order);

    /** Frees a block that {@link #allocPages} returned with the same order (__free_pages). */
    void freePages(long pfn, int order);

    /**
     * Allocates {@code count} physically contiguous pages that can later be freed one by one with
     * {@code freePages(pfn, 0)} (alloc_pages_exact: a block is split and its tail given back).
     * Returns the first pfn, or -1.
     */
    long allocPagesExact(long count);

    /** Pages currently free (MemFree / PAGE_SIZE). */
    long freePageCount();

    /** Pages managed (MemTotal / PAGE_SIZE). */
    long totalPageCount();
}
