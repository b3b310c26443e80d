package vexmem.kernel.mm;

/** Page-size arithmetic for 4 KiB pages, named as in the kernel. */
public final class PageSize {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final long PAGE_MASK = ~(PAGE_SIZE - 1);
    /** Orders 0..MAX_ORDER-1 exist in the buddy allocator (MAX_ORDER 11 on ARM). */
    public static final int MAX_ORDER = 11;

    private PageSize() {
    }

    public static long pageAlign(long len) {
        return (len + PAGE_SIZE - 1) & PAGE_MASK;
    }

    public static boolean isPageAligned(long v) {
        return (v & (PAGE_SIZE - 1)) == 0;
    }

    public static long pfn(long phys) {
        return phys >>> PAGE_SHIFT;
    }

    public static long phys(long pfn) {
        return pfn << PAGE_SHIFT;
    }

    /** Smallest order whose block holds {@code size} bytes (get_order). */
    public static int getOrder(long size) {
        long pages = (size + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        int order = 0;
        while ((1L << order) < pages) {
            order++;
        }
        return order;
    }
}
