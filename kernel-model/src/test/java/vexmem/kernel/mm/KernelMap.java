package vexmem.kernel.mm;

import java.util.HashMap;
import java.util.Map;

/** TEST DOUBLE shadowing the mm branch's KernelMap (delete after merging mm). */
public final class KernelMap {
    public static final long PAGE_OFFSET = 0xc0000000L;
    private static final long VMALLOC = 0x1_0000_0000L;
    private final PhysicalMemory phys;
    private final long ramBase;
    private final Map<Long, long[]> vmaps = new HashMap<>();
    private long next = VMALLOC;

    public KernelMap(PhysicalMemory phys, long ramBase) {
        this.phys = phys;
        this.ramBase = ramBase;
    }

    public long physToVirt(long p) {
        return p - ramBase + PAGE_OFFSET;
    }

    public long virtToPhys(long v) {
        return v - PAGE_OFFSET + ramBase;
    }

    public synchronized long vmap(long[] pfns) {
        long v = next;
        next += ((long) pfns.length + 1) << PageSize.PAGE_SHIFT;
        vmaps.put(v, pfns.clone());
        return v;
    }

    public synchronized void vunmap(long v) {
        if (vmaps.remove(v) == null) {
            throw new IllegalStateException("vunmap of unknown address");
        }
    }

    public synchronized int vmapCount() {
        return vmaps.size();
    }

    private synchronized long translate(long v) {
        if (v < VMALLOC) {
            return virtToPhys(v);
        }
        var e = vmaps.entrySet().stream().filter(x -> v >= x.getKey()
                && v < x.getKey() + ((long) x.getValue().length << PageSize.PAGE_SHIFT)).findFirst()
                .orElseThrow(() -> new IllegalStateException("bad kernel address " + Long.toHexString(v)));
        int page = (int) ((v - e.getKey()) >>> PageSize.PAGE_SHIFT);
        return PageSize.phys(e.getValue()[page]) + (v & (PageSize.PAGE_SIZE - 1));
    }

    public void read(long v, byte[] dst, int off, int len) {
        for (int done = 0; done < len; ) {
            int n = (int) Math.min(len - done, PageSize.PAGE_SIZE - ((v + done) & (PageSize.PAGE_SIZE - 1)));
            phys.read(translate(v + done), dst, off + done, n);
            done += n;
        }
    }

    public void write(long v, byte[] src, int off, int len) {
        for (int done = 0; done < len; ) {
            int n = (int) Math.min(len - done, PageSize.PAGE_SIZE - ((v + done) & (PageSize.PAGE_SIZE - 1)));
            phys.write(translate(v + done), src, off + done, n);
            done += n;
        }
    }
}
