package vexmem.kernel.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vexmem.kernel.Kernel;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.PhysicalMemory;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/**
 * A copy of every page that a process maps from a file or a driver (dma-buf, ION, cma_mem, /dev/mem:
 * every VMA that does not own anonymous pages). Comparing at system-call boundaries finds the bytes
 * guests stored with the CPU, which no system call saw; the recorder writes them into the scenario.
 */
final class ShadowPages {
    /** Bytes that changed in one page, as seen through one process's mapping. */
    record Change(Task task, long uaddr, byte[] data) {
    }

    private final Kernel kernel;
    private final Map<Long, byte[]> pages = new HashMap<>();
    private final byte[] buf = new byte[(int) PageSize.PAGE_SIZE];

    ShadowPages(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Compares every mapped page with its copy, updates the copies and returns what changed. */
    List<Change> scan() {
        List<Change> out = new ArrayList<>();
        PhysicalMemory phys = kernel.physicalMemory();
        Set<Long> seen = new HashSet<>();
        for (Task t : kernel.tasks().live()) {
            for (Vma v : t.mm().vmas()) {
                if (v.ownsPages()) {
                    continue;
                }
                for (int i = 0; i < v.pageCount(); i++) {
                    long pfn = v.pfnAt(i);
                    if (pfn < 0 || !seen.add(pfn)) {
                        continue;
                    }
                    long pa = PageSize.phys(pfn);
                    if (!phys.isBacked(pa, PageSize.PAGE_SIZE)) {
                        continue;
                    }
                    phys.read(pa, buf, 0, buf.length);
                    byte[] old = pages.get(pfn);
                    if (old == null) {
                        pages.put(pfn, buf.clone());
                        continue;
                    }
                    int first = Arrays.mismatch(old, buf);
                    if (first < 0) {
                        continue;
                    }
                    int last = buf.length - 1;
                    while (last > first && old[last] == buf[last]) {
                        last--;
                    }
                    out.add(new Change(t, v.start() + ((long) i << PageSize.PAGE_SHIFT) + first,
                            Arrays.copyOfRange(buf, first, last + 1)));
                    System.arraycopy(buf, 0, old, 0, buf.length);
                }
            }
        }
        return out;
    }
}
