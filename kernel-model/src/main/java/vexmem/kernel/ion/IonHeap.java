package vexmem.kernel.ion;

import vexmem.kernel.Kernel;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.mm.AddressSpace;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.Vma;

/** struct ion_heap: one heap with its ops; common kernel/user mapping helpers live here. */
public abstract class IonHeap implements IonHeapOps {
    /** ION_HEAP_FLAG_DEFER_FREE. */
    public static final int FLAG_DEFER_FREE = 1;

    protected final Kernel kernel;
    private final String name;
    private final int type;
    private final int id;
    private final int flags;
    /** Buffers freed through the deferred list and not yet reclaimed (always 0: frees run at once). */
    long freeListSize;

    protected IonHeap(Kernel kernel, String name, int type, int id, int flags) {
        this.kernel = kernel;
        this.name = name;
        this.type = type;
        this.id = id;
        this.flags = flags;
    }

    public String name() {
        return name;
    }

    public int type() {
        return type;
    }

    public int id() {
        return id;
    }

    public int flags() {
        return flags;
    }

    public boolean deferFree() {
        return (flags & FLAG_DEFER_FREE) != 0;
    }

    /** The heap's debug_show text appended to heaps/&lt;name&gt;, or null. */
    public String debugShow() {
        return null;
    }

    /** Leaks the heap can name at shutdown (pool not full again ...). */
    public java.util.List<String> leaks() {
        return java.util.List.of();
    }

    /** The heap's ops->shrink (pages in its pools; 0 asks for the count), or 0 for heaps without one. */
    protected long shrinkOp(long nrToScan) {
        return 0;
    }

    /** Whether ion_device_add_heap gives the heap a shrinker (DEFER_FREE or an ops->shrink). */
    public boolean hasShrinker() {
        return deferFree();
    }

    /** ion_heap_shrink_count: free-list pages plus what ops->shrink could free. */
    public long shrinkCount() {
        return freeListSize / PageSize.PAGE_SIZE + shrinkOp(0);
    }

    /**
     * ion_heap_shrink_scan with 4.9's int to_scan: 0 or negative frees nothing. The free list comes
     * first; the model's is always empty.
     */
    public long shrinkScan(int nrToScan) {
        if (nrToScan <= 0) {
            return 0;
        }
        return shrinkOp(nrToScan);
    }

    /** Frees heap-level resources when ION goes away (page pools). */
    public void destroy() {
    }

    /** ion_heap_map_kernel: vmap of every page. */
    @Override
    public long mapKernel(IonBuffer buffer) {
        return kernel.service(KernelMap.class).vmap(buffer.sgTable().pfns());
    }

    @Override
    public void unmapKernel(IonBuffer buffer) {
        kernel.service(KernelMap.class).vunmap(buffer.vaddr);
    }

    /** ion_heap_map_user: remap_pfn_range over the sg list, skipping vm_pgoff pages. */
    @Override
    public void mapUser(IonBuffer buffer, Vma vma) {
        long addr = vma.start();
        long skip = vma.pgoff() << PageSize.PAGE_SHIFT;
        for (Scatterlist sg : buffer.sgTable().entries()) {
            long pfn = sg.pfn();
            long len = sg.length();
            if (skip >= len) {
                skip -= len;
                continue;
            }
            if (skip > 0) {
                pfn += skip >>> PageSize.PAGE_SHIFT;
                len -= skip;
                skip = 0;
            }
            len = Math.min(len, vma.end() - addr);
            AddressSpace.remapPfnRange(vma, addr, pfn, len, vma.prot());
            addr += len;
            if (addr >= vma.end()) {
                break;
            }
        }
    }

    @Override
    public String toString() {
        return "ion heap " + name + " (id " + id + ")";
    }
}
