package vexmem.kernel.mm;

import java.util.BitSet;

/** TEST DOUBLE shadowing the mm branch's CmaArea (delete after merging mm). */
public final class CmaArea {
    private final String name;
    private final long basePfn;
    private final long count;
    private final BitSet used = new BitSet();

    public CmaArea(String name, long basePfn, long count, int orderPerBit, PhysicalMemory phys) {
        this.name = name;
        this.basePfn = basePfn;
        this.count = count;
    }

    public String name() {
        return name;
    }

    public long basePfn() {
        return basePfn;
    }

    public long count() {
        return count;
    }

    public synchronized long alloc(long n, int align) {
        if (n == 0 || n > count) {
            return -1;
        }
        long mask = (1L << align) - 1;
        for (long pfn = (basePfn + mask) & ~mask; pfn + n <= basePfn + count; pfn += mask + 1) {
            int i = (int) (pfn - basePfn);
            int next = used.nextSetBit(i);
            if (next == -1 || next >= i + n) {
                used.set(i, (int) (i + n));
                return pfn;
            }
        }
        return -1;
    }

    public synchronized boolean release(long pfn, long n) {
        if (pfn < basePfn || pfn + n > basePfn + count) {
            return false;
        }
        used.clear((int) (pfn - basePfn), (int) (pfn - basePfn + n));
        return true;
    }

    public synchronized long freePages() {
        return count - used.cardinality();
    }
}
