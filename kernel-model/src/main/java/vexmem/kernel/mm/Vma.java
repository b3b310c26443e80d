package vexmem.kernel.mm;

import java.util.Arrays;
import vexmem.kernel.fs.File;

/**
 * vm_area_struct: one mapping [start, end) of an address space. Every present page maps a physical
 * page frame; {@code pfns[i] == -1} means "not present" (a fault). Anonymous VMAs own their pages and
 * give them back to the page allocator when unmapped; VM_PFNMAP VMAs (remap_pfn_range) do not.
 */
public final class Vma {
    public static final int VM_SHARED = 0x08, VM_IO = 0x4000, VM_DONTEXPAND = 0x40000, VM_PFNMAP = 0x400,
            VM_DONTDUMP = 0x4000000, VM_GROWSDOWN = 0x100;

    long start;
    long end;
    int prot;
    int vmFlags;
    final File file;
    long pgoff;
    final String name;
    long[] pfns;
    /** True for anonymous memory whose pages this VMA allocated. */
    final boolean ownsPages;
    public VmOperations ops;
    public Object privateData;

    Vma(long start, long end, int prot, int vmFlags, File file, long pgoff, String name, boolean ownsPages) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.vmFlags = vmFlags;
        this.file = file;
        this.pgoff = pgoff;
        this.name = name;
        this.ownsPages = ownsPages;
        this.pfns = new long[(int) ((end - start) >>> PageSize.PAGE_SHIFT)];
        Arrays.fill(pfns, -1L);
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long length() {
        return end - start;
    }

    public int pageCount() {
        return pfns.length;
    }

    public int prot() {
        return prot;
    }

    public int vmFlags() {
        return vmFlags;
    }

    public void setVmFlags(int flags) {
        this.vmFlags = flags;
    }

    public boolean isShared() {
        return (vmFlags & VM_SHARED) != 0;
    }

    public File file() {
        return file;
    }

    /** vm_pgoff: offset into the file, in pages. */
    public long pgoff() {
        return pgoff;
    }

    /** "[heap]", "[stack]", "/dev/ion"-style names for /proc/pid/maps; null for plain anonymous memory. */
    public String name() {
        return name;
    }

    public boolean ownsPages() {
        return ownsPages;
    }

    /** Physical frame of page {@code index} of this VMA, or -1 when not present. */
    public long pfnAt(int index) {
        return pfns[index];
    }

    /** Physical address for a user address inside the VMA, or -1 when the page is not present. */
    public long physOf(long uaddr) {
        long pfn = pfns[(int) ((uaddr - start) >>> PageSize.PAGE_SHIFT)];
        return pfn < 0 ? -1 : PageSize.phys(pfn) | (uaddr & (PageSize.PAGE_SIZE - 1));
    }

    void setPfn(int index, long pfn) {
        pfns[index] = pfn;
    }

    @Override
    public String toString() {
        return String.format("%08x-%08x %s %s", start, end, Prot.describe(prot), name == null ? "" : name);
    }
}
