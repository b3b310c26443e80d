package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * struct cma (mm/cma.c, 4.9): one contiguous area with a bitmap of 2^order_per_bit-page chunks.
 * {@link #alloc} follows cma_alloc exactly (alignment on the absolute pfn through
 * cma_bitmap_aligned_mask/offset, first fit with bitmap_find_next_zero_area_off), so a sequence of
 * calls places buffers page for page where Linux would. alloc_contig_range cannot fail here because
 * the model never lends free CMA pages to the buddy allocator (see docs/memory-model.md).
 */
public final class CmaArea {
    private final String name;
    private final long basePfn;
    private final long count;
    private final int orderPerBit;
    private final PhysicalMemory phys;
    private final BitSet bitmap;

    /** @param name area name (DT node name, "reserved" for cmdline areas) */
    public CmaArea(String name, long basePfn, long count, int orderPerBit, PhysicalMemory phys) {
        if (count < 0 || orderPerBit < 0 || basePfn < 0 || count >> orderPerBit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad cma area " + name);
        }
        this.name = name;
        this.basePfn = basePfn;
        this.count = count;
        this.orderPerBit = orderPerBit;
        this.phys = phys;
        this.bitmap = new BitSet((int) bitmapMaxno());
    }

    public String name() {
        return name;
    }

    public long basePfn() {
        return basePfn;
    }

    /** Number of pages in the area. */
    public long count() {
        return count;
    }

    public int orderPerBit() {
        return orderPerBit;
    }

    public PhysicalMemory physicalMemory() {
        return phys;
    }

    /** cma_alloc(cma, count, align): first pfn of {@code count} pages aligned to 2^align pages, or -1. */
    public synchronized long alloc(long count, int align) {
        if (align < 0 || align > 31) {
            throw new IllegalArgumentException("cma_alloc: align order " + align);
        }
        if (this.count == 0 || count <= 0) {
            return -1;
        }
        long mask = alignedMask(align);
        long offset = alignedOffset(align);
        long maxno = bitmapMaxno();
        long nbits = pagesToBits(count);
        if (nbits > maxno) {
            return -1;
        }
        long bitmapNo = findNextZeroAreaOff(maxno, 0, nbits, mask, offset);
        if (bitmapNo >= maxno) {
            return -1;
        }
        bitmap.set((int) bitmapNo, (int) (bitmapNo + nbits));
        live.put(basePfn + (bitmapNo << orderPerBit), count);
        return basePfn + (bitmapNo << orderPerBit);
    }

    /**
     * cma_release: false when {@code pfn} is not inside the area. A range running past the end
     * (VM_BUG_ON in Linux) or covering pages that are not allocated is a caller bug:
     * IllegalStateException.
     */
    public synchronized boolean release(long pfn, long count) {
        if (pfn < basePfn || pfn >= basePfn + this.count) {
            return false;
        }
        if (count < 0 || pfn + count > basePfn + this.count) {
            throw new IllegalStateException(String.format("cma_release(%s): pfn 0x%x + %d pages runs past the area", name, pfn, count));
        }
        int no = (int) ((pfn - basePfn) >> orderPerBit);
        int nbits = (int) pagesToBits(count);
        if (bitmap.get(no, no + nbits).cardinality() != nbits) {
            throw new IllegalStateException(String.format("cma_release(%s): pfn 0x%x + %d pages not allocated", name, pfn, count));
        }
        bitmap.clear(no, no + nbits);
        live.subMap(pfn, true, pfn + count, false).clear();
        return true;
    }

    public synchronized long freePages() {
        return count - usedPages();
    }

    public synchronized long usedPages() {
        return Math.min(count, (long) bitmap.cardinality() << orderPerBit);
    }

    /** Live allocations, one {pfn, pages} per cma_alloc (for pictures; the bitmap merges neighbours). */
    public synchronized List<long[]> allocations() {
        List<long[]> out = new ArrayList<>();
        live.forEach((pfn, n) -> out.add(new long[] {pfn, n}));
        return out;
    }

    private final java.util.TreeMap<Long, Long> live = new java.util.TreeMap<>();

    /** Allocated runs as {pfn, pages}; adjacent allocations show as one run (the bitmap cannot tell). */
    public synchronized List<long[]> allocatedRuns() {
        List<long[]> out = new ArrayList<>();
        for (int i = bitmap.nextSetBit(0); i >= 0; ) {
            int end = bitmap.nextClearBit(i);
            out.add(new long[] {basePfn + ((long) i << orderPerBit), (long) (end - i) << orderPerBit});
            i = bitmap.nextSetBit(end);
        }
        return out;
    }

    // cma_bitmap_aligned_mask
    private long alignedMask(int alignOrder) {
        if (alignOrder <= orderPerBit) {
            return 0;
        }
        return (1L << (alignOrder - orderPerBit)) - 1;
    }

    // cma_bitmap_aligned_offset: alignment is on the absolute pfn, not the offset into the area.
    private long alignedOffset(int alignOrder) {
        return (basePfn & ((1L << alignOrder) - 1)) >> orderPerBit;
    }

    private long bitmapMaxno() {
        return count >> orderPerBit;
    }

    private long pagesToBits(long pages) {
        long unit = 1L << orderPerBit;
        return ((pages + unit - 1) & ~(unit - 1)) >> orderPerBit;
    }

    /** lib/bitmap.c bitmap_find_next_zero_area_off; a result >= size means "no room". */
    private long findNextZeroAreaOff(long size, long start, long nr, long alignMask, long alignOffset) {
        while (true) {
            long index = findNextZeroBit(size, start);
            index = ((index + alignOffset + alignMask) & ~alignMask) - alignOffset; // __ALIGN_MASK
            long end = index + nr;
            if (end > size) {
                return end;
            }
            int i = bitmap.nextSetBit((int) index);
            if (i >= 0 && i < end) {
                start = i + 1;
                continue;
            }
            return index;
        }
    }

    private long findNextZeroBit(long size, long start) {
        if (start >= size) {
            return size;
        }
        return Math.min(size, bitmap.nextClearBit((int) start));
    }

    @Override
    public String toString() {
        return String.format("cma %s: pfn 0x%x+%d", name, basePfn, count);
    }
}
