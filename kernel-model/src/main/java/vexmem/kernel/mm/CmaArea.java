package vexmem.kernel.mm;

/**
 * struct cma: one contiguous memory area with Linux's bitmap allocator (STUB: the mm work replaces
 * the bodies; the signatures are the contract other subsystems code against).
 */
public final class CmaArea {
    /** @param name area name (DT node name, "reserved" for cmdline areas) */
    public CmaArea(String name, long basePfn, long count, int orderPerBit, PhysicalMemory phys) {
        throw new UnsupportedOperationException("CmaArea not implemented yet");
    }

    public String name() { throw new UnsupportedOperationException(); }

    public long basePfn() { throw new UnsupportedOperationException(); }

    /** Number of pages in the area. */
    public long count() { throw new UnsupportedOperationException(); }

    /** cma_alloc(cma, count, align): first pfn of {@code count} pages aligned to 2^align pages, or -1. */
    public long alloc(long count, int align) { throw new UnsupportedOperationException(); }

    /** cma_release: false when the range is not inside the area. */
    public boolean release(long pfn, long count) { throw new UnsupportedOperationException(); }

    public long freePages() { throw new UnsupportedOperationException(); }
}
