package vexmem.kernel.mm;

/** gen_pool: a first-fit bitmap allocator over one address range. STUB: bodies come with the mm work. */
public final class GenPool {
    /** @param minAllocOrder log2 of the granule (PAGE_SHIFT for carveout, chunk order for chunk heaps) */
    public GenPool(int minAllocOrder) { throw new UnsupportedOperationException(); }

    /** gen_pool_add. */
    public void add(long base, long size) { throw new UnsupportedOperationException(); }

    /** gen_pool_alloc: address of {@code size} bytes (rounded up to the granule), or 0 on failure. */
    public long alloc(long size) { throw new UnsupportedOperationException(); }

    /** gen_pool_free. */
    public void free(long addr, long size) { throw new UnsupportedOperationException(); }

    public long avail() { throw new UnsupportedOperationException(); }

    public long size() { throw new UnsupportedOperationException(); }
}
