package vexmem.kernel.mm;

/**
 * Kernel virtual addresses (a Kernel service): the linear map (phys_to_virt / virt_to_phys for
 * lowmem, PAGE_OFFSET 0xc0000000) and vmalloc-space mappings made by vmap. Drivers report and use
 * these addresses; reading/writing through them reaches the same physical bytes.
 * STUB: bodies come with the mm work.
 */
public final class KernelMap {
    public long physToVirt(long phys) { throw new UnsupportedOperationException(); }

    public long virtToPhys(long virt) { throw new UnsupportedOperationException(); }

    /** vmap: maps the given page frames contiguously in vmalloc space; returns the virtual address. */
    public long vmap(long[] pfns) { throw new UnsupportedOperationException(); }

    public void vunmap(long vaddr) { throw new UnsupportedOperationException(); }

    /** Reads kernel virtual memory (linear map or vmap area). */
    public void read(long vaddr, byte[] dst, int off, int len) { throw new UnsupportedOperationException(); }

    public void write(long vaddr, byte[] src, int off, int len) { throw new UnsupportedOperationException(); }
}
