package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * The buddy allocator for System RAM (mm/page_alloc.c): one free list per order 0..MAX_ORDER-1,
 * blocks naturally aligned on the absolute pfn, buddies found with {@code pfn ^ (1 << order)},
 * split on allocation (the upper halves go back, as expand() does), merged on free.
 * Free lists are sorted so the lowest-addressed block of the smallest sufficient order is taken:
 * deterministic, unlike Linux's LIFO lists. Highmem and lowmem share one pool (no zones or GFP).
 * Misuse (double free, wrong order, a pfn it does not manage) is a kernel bug: IllegalStateException.
 */
public final class BuddyAllocator implements PageAllocator {
    private static final int MAX_ORDER = PageSize.MAX_ORDER;
    private static final byte NONE = -1;

    private final long basePfn;
    private final int span;
    private final BitSet managed;
    /** Order of the free block starting at a pfn (PageBuddy + page_order), else NONE. */
    private final byte[] freeOrder;
    /** Order of the allocated block starting at a pfn, else NONE; split pages are order 0 each. */
    private final byte[] allocOrder;
    @SuppressWarnings("unchecked")
    private final TreeSet<Long>[] freeArea = new TreeSet[MAX_ORDER];
    private final long total;
    private long free;

    /** Builds the allocator and frees every page of {@code ranges} into it (free_all_bootmem). */
    public BuddyAllocator(List<Memblock.Region> ranges) {
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (Memblock.Region r : ranges) {
            if (!PageSize.isPageAligned(r.base()) || !PageSize.isPageAligned(r.size())) {
                throw new IllegalArgumentException("buddy range not page aligned: " + r);
            }
            if (r.size() > 0) {
                lo = Math.min(lo, r.basePfn());
                hi = Math.max(hi, r.endPfn());
            }
        }
        if (lo > hi) {
            lo = hi = 0;
        }
        basePfn = lo;
        span = Math.toIntExact(hi - lo);
        managed = new BitSet(span);
        freeOrder = new byte[span];
        allocOrder = new byte[span];
        Arrays.fill(freeOrder, NONE);
        Arrays.fill(allocOrder, NONE);
        for (int o = 0; o < MAX_ORDER; o++) {
            freeArea[o] = new TreeSet<>();
        }
        long t = 0;
        for (Memblock.Region r : ranges) {
            long s = r.basePfn(), e = r.endPfn();
            if (managed.get((int) (s - basePfn), (int) (e - basePfn)).cardinality() != 0) {
                throw new IllegalArgumentException("overlapping buddy ranges at pfn 0x" + Long.toHexString(s));
            }
            managed.set((int) (s - basePfn), (int) (e - basePfn));
            t += e - s;
        }
        total = t;
        for (Memblock.Region r : Memblock.normalize(ranges)) {
            freeRange(r.basePfn(), r.endPfn());
        }
    }

    /** Convenience for tests: ranges given as pfn pairs {start, end}. */
    public static BuddyAllocator ofPfnRanges(long[]... pfnRanges) {
        List<Memblock.Region> rs = new ArrayList<>();
        for (long[] r : pfnRanges) {
            rs.add(new Memblock.Region(PageSize.phys(r[0]), PageSize.phys(r[1] - r[0])));
        }
        return new BuddyAllocator(rs);
    }

    /** Boot-time freeing in the largest naturally aligned blocks: the fully merged state. */
    private void freeRange(long s, long e) {
        long pfn = s;
        while (pfn < e) {
            int order = Math.min(MAX_ORDER - 1, Long.numberOfTrailingZeros(pfn));
            while ((1L << order) > e - pfn) {
                order--;
            }
            addFree(pfn, order);
            free += 1L << order;
            pfn += 1L << order;
        }
    }

    @Override
    public synchronized long allocPages(int order) {
        if (order < 0 || order >= MAX_ORDER) {
            return -1;
        }
        for (int o = order; o < MAX_ORDER; o++) {
            if (freeArea[o].isEmpty()) {
                continue;
            }
            long pfn = freeArea[o].first();
            removeFree(pfn, o);
            while (o > order) { // expand(): hand back the upper half at each step
                o--;
                addFree(pfn + (1L << o), o);
            }
            allocOrder[idx(pfn)] = (byte) order;
            free -= 1L << order;
            return pfn;
        }
        return -1;
    }

    @Override
    public synchronized void freePages(long pfn, int order) {
        if (pfn < basePfn || pfn >= basePfn + span || !managed.get(idx(pfn))) {
            throw new IllegalStateException(String.format("free_pages: pfn 0x%x is not managed by the page allocator", pfn));
        }
        int have = allocOrder[idx(pfn)];
        if (have == NONE) {
            throw new IllegalStateException(String.format("free_pages: pfn 0x%x order %d is not allocated (double free?)", pfn, order));
        }
        if (have != order) {
            throw new IllegalStateException(String.format("free_pages: pfn 0x%x freed with order %d but allocated with order %d", pfn, order, have));
        }
        allocOrder[idx(pfn)] = NONE;
        free += 1L << order;
        while (order < MAX_ORDER - 1) {
            long buddy = pfn ^ (1L << order);
            if (!isFreeHead(buddy, order)) {
                break;
            }
            removeFree(buddy, order);
            pfn = Math.min(pfn, buddy);
            order++;
        }
        addFree(pfn, order);
    }

    /** alloc_pages_exact: get_order block, split_page, the tail freed page by page. */
    @Override
    public synchronized long allocPagesExact(long count) {
        if (count <= 0 || count > 1L << (MAX_ORDER - 1)) {
            return -1;
        }
        int order = PageSize.getOrder(count << PageSize.PAGE_SHIFT);
        long pfn = allocPages(order);
        if (pfn < 0) {
            return -1;
        }
        for (long p = pfn; p < pfn + (1L << order); p++) {
            allocOrder[idx(p)] = 0; // split_page
        }
        for (long p = pfn + count; p < pfn + (1L << order); p++) {
            freePages(p, 0);
        }
        return pfn;
    }

    @Override
    public synchronized long freePageCount() {
        return free;
    }

    @Override
    public long totalPageCount() {
        return total;
    }

    /** Managed pages in [startPfn, endPfn) (e.g. the highmem zone). */
    public synchronized long managedPagesBetween(long startPfn, long endPfn) {
        long s = Math.max(startPfn, basePfn), e = Math.min(endPfn, basePfn + span);
        return s >= e ? 0 : managed.get(idx(s), idx(e)).cardinality();
    }

    /** Free pages in [startPfn, endPfn). */
    public synchronized long freePagesBetween(long startPfn, long endPfn) {
        long n = 0;
        for (int o = 0; o < MAX_ORDER; o++) {
            for (long pfn : freeArea[o]) {
                long s = Math.max(pfn, startPfn), e = Math.min(pfn + (1L << o), endPfn);
                n += Math.max(0, e - s);
            }
        }
        return n;
    }

    /** Number of free blocks of each order (/proc/buddyinfo). */
    public synchronized int[] buddyInfo() {
        int[] n = new int[MAX_ORDER];
        for (int o = 0; o < MAX_ORDER; o++) {
            n[o] = freeArea[o].size();
        }
        return n;
    }

    /** Allocated blocks as {pfn, order}, lowest pfn first. */
    public synchronized List<long[]> allocatedBlocks() {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < span; i++) {
            if (allocOrder[i] != NONE) {
                out.add(new long[] {basePfn + i, allocOrder[i]});
            }
        }
        return out;
    }

    /** True when every page is free and no two free buddies remain unmerged. */
    public synchronized boolean isFullyMerged() {
        return free == total && checkInvariants().isEmpty();
    }

    /**
     * Consistency check used by tests and the shutdown leak check: blocks aligned and inside managed
     * memory, free and allocated blocks disjoint, counters matching, no unmerged free buddy pairs.
     */
    public synchronized List<String> checkInvariants() {
        List<String> bad = new ArrayList<>();
        BitSet seen = new BitSet(span);
        long freeSum = 0, allocSum = 0;
        for (int o = 0; o < MAX_ORDER; o++) {
            for (long pfn : freeArea[o]) {
                freeSum += 1L << o;
                cover(bad, seen, pfn, o, "free");
                if (freeOrder[idx(pfn)] != o) {
                    bad.add(String.format("free block 0x%x order %d not marked", pfn, o));
                }
                if (o < MAX_ORDER - 1 && isFreeHead(pfn ^ (1L << o), o)) {
                    bad.add(String.format("free buddies 0x%x/0x%x order %d not merged", pfn, pfn ^ (1L << o), o));
                }
            }
        }
        for (int i = 0; i < span; i++) {
            if (allocOrder[i] != NONE) {
                allocSum += 1L << allocOrder[i];
                cover(bad, seen, basePfn + i, allocOrder[i], "allocated");
            }
        }
        if (freeSum != free) {
            bad.add("free counter " + free + " != free blocks " + freeSum);
        }
        if (freeSum + allocSum != total) {
            bad.add("free " + freeSum + " + allocated " + allocSum + " != managed " + total);
        }
        return bad;
    }

    private void cover(List<String> bad, BitSet seen, long pfn, int order, String what) {
        long n = 1L << order;
        if ((pfn & (n - 1)) != 0) {
            bad.add(String.format("%s block 0x%x order %d misaligned", what, pfn, order));
        }
        int s = idx(pfn), e = (int) (s + n);
        if (e > span || managed.get(s, e).cardinality() != n) {
            bad.add(String.format("%s block 0x%x order %d outside managed memory", what, pfn, order));
            return;
        }
        if (seen.get(s, e).cardinality() != 0) {
            bad.add(String.format("%s block 0x%x order %d overlaps another block", what, pfn, order));
        }
        seen.set(s, e);
    }

    private boolean isFreeHead(long pfn, int order) {
        return pfn >= basePfn && pfn < basePfn + span && freeOrder[idx(pfn)] == order;
    }

    private void addFree(long pfn, int order) {
        freeOrder[idx(pfn)] = (byte) order;
        freeArea[order].add(pfn);
    }

    private void removeFree(long pfn, int order) {
        freeOrder[idx(pfn)] = NONE;
        freeArea[order].remove(pfn);
    }

    private int idx(long pfn) {
        return (int) (pfn - basePfn);
    }
}
