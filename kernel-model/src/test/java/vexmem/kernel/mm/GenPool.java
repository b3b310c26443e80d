package vexmem.kernel.mm;

import java.util.BitSet;

/** TEST DOUBLE shadowing the mm branch's gen_pool (delete after merging mm): first fit over granules. */
public final class GenPool {
    private final int order;
    private long base;
    private long size;
    private BitSet used = new BitSet();

    public GenPool(int minAllocOrder) {
        this.order = minAllocOrder;
    }

    public void add(long base, long size) {
        this.base = base;
        this.size = size;
    }

    public synchronized long alloc(long sz) {
        int n = (int) ((sz + (1L << order) - 1) >>> order);
        int total = (int) (size >>> order);
        for (int i = 0; i + n <= total; i++) {
            int next = used.nextSetBit(i);
            if (next == -1 || next >= i + n) {
                used.set(i, i + n);
                return base + ((long) i << order);
            }
            i = next;
        }
        return 0;
    }

    public synchronized void free(long addr, long sz) {
        int n = (int) ((sz + (1L << order) - 1) >>> order);
        int i = (int) ((addr - base) >>> order);
        if (used.get(i, i + n).cardinality() != n) {
            throw new IllegalStateException("gen_pool double free");
        }
        used.clear(i, i + n);
    }

    public synchronized long avail() {
        return size - ((long) used.cardinality() << order);
    }

    public long size() {
        return size;
    }
}
