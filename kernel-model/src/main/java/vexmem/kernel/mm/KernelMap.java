package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kernel virtual addresses (a Kernel service), ARM 3G/1G split. The linear map covers lowmem:
 * phys [PHYS_OFFSET, PHYS_OFFSET + min(760 MiB, RAM)) at PAGE_OFFSET 0xc0000000, minus no-map holes
 * (translatable, but touching them faults, as in Linux where map_lowmem skips them). The vmalloc
 * window is [high_memory + 8 MiB (rounded to 8 MiB), 0xff000000): 0xf0000000-0xff000000 on a 1 GiB
 * board, the classic "vmalloc : 0xf0000000 - 0xff000000 (240 MB)". vmap areas carry a guard page.
 * Faults are IllegalArgumentException ("Unable to handle kernel paging request").
 */
public final class KernelMap {
    public static final long PAGE_OFFSET = 0xc0000000L;
    public static final long VMALLOC_OFFSET = 8L << 20;
    public static final long VMALLOC_END = 0xff000000L;
    /** Lowmem limit: VMALLOC_END - 240 MiB - VMALLOC_OFFSET - PAGE_OFFSET. */
    public static final long LOWMEM_LIMIT = 760L << 20;

    private record VmArea(long start, long size, long[] pfns) { }

    private final PhysicalMemory phys;
    private final long physOffset;
    private final long lowmemSize;
    private final List<Memblock.Region> mapped;
    private final long vmallocStart;
    private final TreeMap<Long, VmArea> vmaps = new TreeMap<>();

    /** @param memory System RAM (no-map holes removed) */
    public KernelMap(PhysicalMemory phys, long physOffset, List<Memblock.Region> memory) {
        this.phys = phys;
        this.physOffset = physOffset;
        long ramEnd = memory.stream().mapToLong(Memblock.Region::end).max().orElse(physOffset);
        this.lowmemSize = Math.min(LOWMEM_LIMIT, ramEnd - physOffset);
        this.mapped = List.copyOf(memory);
        this.vmallocStart = (highMemory() + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1);
    }

    /** high_memory: the virtual end of the linear map. */
    public long highMemory() {
        return PAGE_OFFSET + lowmemSize;
    }

    /** First physical address above lowmem (start of the highmem zone). */
    public long lowmemEndPhys() {
        return physOffset + lowmemSize;
    }

    public long vmallocStart() {
        return vmallocStart;
    }

    public long vmallocEnd() {
        return VMALLOC_END;
    }

    /** __va for lowmem physical addresses. */
    public long physToVirt(long phys) {
        if (phys < physOffset || phys >= physOffset + lowmemSize) {
            throw new IllegalArgumentException(String.format("phys_to_virt: 0x%x is not lowmem", phys));
        }
        return PAGE_OFFSET + (phys - physOffset);
    }

    /** True when the frame lies in the linear map (lowmem). */
    public boolean isLowmem(long phys) {
        return phys >= physOffset && phys < physOffset + lowmemSize;
    }

    /**
     * The CPU address ARM's dma_alloc_coherent gives a contiguous allocation (__alloc_from_contiguous):
     * the linear-map address for lowmem pages, a fresh remap in vmalloc space for highmem pages.
     * Undo with {@link #coherentUnmap}.
     */
    public long coherentRemap(long phys, long size) {
        if (isLowmem(phys) && isLowmem(phys + size - 1)) {
            return physToVirt(phys);
        }
        long[] pfns = new long[(int) (PageSize.pageAlign(size) >>> PageSize.PAGE_SHIFT)];
        for (int i = 0; i < pfns.length; i++) {
            pfns[i] = PageSize.pfn(phys) + i;
        }
        long v = vmap(pfns);
        if (v == 0) {
            throw new IllegalStateException("coherent remap: vmalloc space exhausted");
        }
        return v;
    }

    /** Releases what {@link #coherentRemap} made: nothing for lowmem, the vmap area otherwise. */
    public void coherentUnmap(long vaddr) {
        if (vaddr >= vmallocStart && vaddr < VMALLOC_END) {
            vunmap(vaddr);
        }
    }

    /** __pa for linear-map addresses; vmap addresses need {@link #vmallocToPfn}. */
    public long virtToPhys(long virt) {
        if (virt < PAGE_OFFSET || virt >= highMemory()) {
            throw new IllegalArgumentException(String.format("virt_to_phys: 0x%x is not in the linear map", virt));
        }
        return virt - PAGE_OFFSET + physOffset;
    }

    /** vmalloc_to_pfn: the frame behind a vmap address. */
    public synchronized long vmallocToPfn(long vaddr) {
        Map.Entry<Long, VmArea> e = vmaps.floorEntry(vaddr);
        if (e != null) {
            VmArea a = e.getValue();
            int i = (int) ((vaddr - a.start) >>> PageSize.PAGE_SHIFT);
            if (i < a.pfns.length) {
                return a.pfns[i];
            }
        }
        throw new IllegalArgumentException(String.format("Unable to handle kernel paging request at virtual address %08x", vaddr));
    }

    /**
     * vmap: maps the given page frames contiguously in vmalloc space; returns the virtual address,
     * or 0 (NULL) when no frames are given or vmalloc space is exhausted. Frames must be backed.
     */
    public synchronized long vmap(long[] pfns) {
        if (pfns == null || pfns.length == 0) {
            return 0;
        }
        for (long pfn : pfns) {
            if (!phys.isBacked(PageSize.phys(pfn), PageSize.PAGE_SIZE)) {
                throw new IllegalArgumentException(String.format("vmap: pfn 0x%x is not memory", pfn));
            }
        }
        long size = ((long) pfns.length + 1) << PageSize.PAGE_SHIFT; // + guard page
        long addr = vmallocStart;
        for (VmArea a : vmaps.values()) {
            if (addr + size <= a.start) {
                break;
            }
            addr = a.start + a.size;
        }
        if (addr + size > VMALLOC_END) {
            return 0;
        }
        vmaps.put(addr, new VmArea(addr, size, pfns.clone()));
        return addr;
    }

    public synchronized void vunmap(long vaddr) {
        if (vmaps.remove(vaddr) == null) {
            throw new IllegalStateException(String.format("Trying to vfree() nonexistent vm area (%08x)", vaddr));
        }
    }

    /** Live vmap areas as "start-end pages=N" for the leak check. */
    public synchronized List<String> vmapAreas() {
        List<String> out = new ArrayList<>();
        for (VmArea a : vmaps.values()) {
            out.add(String.format("0x%08x-0x%08x pages=%d", a.start, a.start + a.size, a.pfns.length));
        }
        return out;
    }

    /** Reads kernel virtual memory (linear map or vmap area). */
    public void read(long vaddr, byte[] dst, int off, int len) {
        for (int done = 0; done < len; ) {
            long v = vaddr + done;
            int n = (int) Math.min(len - done, PageSize.PAGE_SIZE - (v & (PageSize.PAGE_SIZE - 1)));
            phys.read(translate(v), dst, off + done, n);
            done += n;
        }
    }

    public void write(long vaddr, byte[] src, int off, int len) {
        for (int done = 0; done < len; ) {
            long v = vaddr + done;
            int n = (int) Math.min(len - done, PageSize.PAGE_SIZE - (v & (PageSize.PAGE_SIZE - 1)));
            phys.write(translate(v), src, off + done, n);
            done += n;
        }
    }

    /** The physical address behind a mapped kernel virtual address. */
    public long translate(long vaddr) {
        if (vaddr >= PAGE_OFFSET && vaddr < highMemory()) {
            long p = virtToPhys(vaddr);
            for (Memblock.Region r : mapped) {
                if (p >= r.base() && p < r.end()) {
                    return p;
                }
            }
        } else if (vaddr >= vmallocStart && vaddr < VMALLOC_END) {
            return PageSize.phys(vmallocToPfn(vaddr)) | (vaddr & (PageSize.PAGE_SIZE - 1));
        }
        throw new IllegalArgumentException(String.format("Unable to handle kernel paging request at virtual address %08x", vaddr));
    }
}
