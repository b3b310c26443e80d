package vexmem.kernel.mm;

import java.util.BitSet;

/** TEST DOUBLE page allocator: a bitmap over [basePfn, basePfn+count) with buddy-aligned blocks. */
public final class FakePageAllocator implements PageAllocator {
    private final long basePfn;
    private final int count;
    private final BitSet used = new BitSet();

    public FakePageAllocator(long basePfn, int count) {
        this.basePfn = basePfn;
        this.count = count;
    }

    @Override
    public synchronized long allocPages(int order) {
        if (order >= PageSize.MAX_ORDER) {
            return -1;
        }
        int n = 1 << order;
        for (int i = 0; i + n <= count; i += n) {
            int next = used.nextSetBit(i);
            if (next == -1 || next >= i + n) {
                used.set(i, i + n);
                return basePfn + i;
            }
        }
        return -1;
    }

    @Override
    public synchronized void freePages(long pfn, int order) {
        int i = (int) (pfn - basePfn);
        int n = 1 << order;
        if (i < 0 || used.get(i, i + n).cardinality() != n) {
            throw new IllegalStateException("free of free page " + pfn);
        }
        used.clear(i, i + n);
    }

    @Override
    public synchronized long allocPagesExact(long n) {
        if (n > (1 << (PageSize.MAX_ORDER - 1))) {
            return -1;
        }
        for (int i = 0; i + n <= count; i++) {
            int next = used.nextSetBit(i);
            if (next == -1 || next >= i + n) {
                used.set(i, (int) (i + n));
                return basePfn + i;
            }
            i = next;
        }
        return -1;
    }

    @Override
    public synchronized long freePageCount() {
        return count - used.cardinality();
    }

    @Override
    public long totalPageCount() {
        return count;
    }
}
