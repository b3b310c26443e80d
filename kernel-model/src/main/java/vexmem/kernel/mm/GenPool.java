package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * gen_pool (lib/genalloc.c): chunks of address space, each with a bitmap of 2^minAllocOrder-byte
 * granules, allocated first fit (gen_pool_first_fit), the most recently added chunk first. As in Linux, address 0 means failure, and
 * freeing something the pool did not hand out is a caller bug (BUG_ON there, IllegalStateException here).
 */
public final class GenPool {
    /** gen_pool_chunk: [base, base+size) and its granule bitmap. */
    private record Chunk(long base, long size, int nbits, BitSet bits) {
        boolean contains(long addr) {
            return addr >= base && addr < base + size;
        }
    }

    private final int minAllocOrder;
    private final List<Chunk> chunks = new ArrayList<>();

    /** @param minAllocOrder log2 of the granule (PAGE_SHIFT for carveout, chunk order for chunk heaps) */
    public GenPool(int minAllocOrder) {
        if (minAllocOrder < 0 || minAllocOrder > 40) {
            throw new IllegalArgumentException("min_alloc_order " + minAllocOrder);
        }
        this.minAllocOrder = minAllocOrder;
    }

    public int minAllocOrder() {
        return minAllocOrder;
    }

    /** gen_pool_add: a trailing partial granule is unusable, as in Linux. */
    public synchronized void add(long base, long size) {
        long nbits = size >> minAllocOrder;
        if (size <= 0 || nbits > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format("gen_pool_add 0x%x+0x%x", base, size));
        }
        for (Chunk c : chunks) {
            if (base < c.base + c.size && c.base < base + size) {
                throw new IllegalArgumentException(String.format("gen_pool_add 0x%x+0x%x overlaps a chunk", base, size));
            }
        }
        // list_add_rcu puts the new chunk at the head: gen_pool_alloc tries the latest chunk first
        chunks.add(0, new Chunk(base, size, (int) nbits, new BitSet((int) nbits)));
    }

    /** gen_pool_alloc: address of {@code size} bytes (rounded up to the granule), or 0 on failure. */
    public synchronized long alloc(long size) {
        if (size <= 0) {
            return 0;
        }
        long nbits = (size + (1L << minAllocOrder) - 1) >> minAllocOrder;
        for (Chunk c : chunks) {
            if (nbits > c.nbits) {
                continue;
            }
            int start = findZeroArea(c, (int) nbits);
            if (start >= 0) {
                c.bits.set(start, (int) (start + nbits));
                return c.base + ((long) start << minAllocOrder);
            }
        }
        return 0;
    }

    /** gen_pool_free: the range must lie in one chunk and be allocated. */
    public synchronized void free(long addr, long size) {
        long nbits = (size + (1L << minAllocOrder) - 1) >> minAllocOrder;
        for (Chunk c : chunks) {
            if (!c.contains(addr)) {
                continue;
            }
            long start = (addr - c.base) >> minAllocOrder;
            if (((addr - c.base) & ((1L << minAllocOrder) - 1)) != 0 || start + nbits > c.nbits
                    || c.bits.get((int) start, (int) (start + nbits)).cardinality() != nbits) {
                throw new IllegalStateException(String.format("gen_pool_free: 0x%x (%d bytes) was not allocated", addr, size));
            }
            c.bits.clear((int) start, (int) (start + nbits));
            return;
        }
        throw new IllegalStateException(String.format("gen_pool_free: 0x%x is not in the pool", addr));
    }

    /** gen_pool_avail: free bytes. */
    public synchronized long avail() {
        long n = 0;
        for (Chunk c : chunks) {
            n += (long) (c.nbits - c.bits.cardinality()) << minAllocOrder;
        }
        return n;
    }

    /** gen_pool_size: bytes added. */
    public synchronized long size() {
        return chunks.stream().mapToLong(Chunk::size).sum();
    }

    /** bitmap_find_next_zero_area with no alignment: first run of {@code nr} clear bits, or -1. */
    private static int findZeroArea(Chunk c, int nr) {
        int index = c.bits.nextClearBit(0);
        while (index + nr <= c.nbits) {
            int set = c.bits.nextSetBit(index);
            if (set < 0 || set >= index + nr) {
                return index;
            }
            index = c.bits.nextClearBit(set + 1);
        }
        return -1;
    }
}
