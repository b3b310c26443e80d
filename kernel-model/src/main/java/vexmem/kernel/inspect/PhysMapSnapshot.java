package vexmem.kernel.inspect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vexmem.board.DramBank;
import vexmem.board.ReservedRegion;
import vexmem.kernel.Kernel;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.ion.IonBuffer;
import vexmem.kernel.ion.IonDevice;
import vexmem.kernel.mm.BuddyAllocator;
import vexmem.kernel.mm.Cma;
import vexmem.kernel.mm.CmaArea;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/**
 * The physical address space at one moment: DRAM banks, reservations, and every allocated page run
 * labelled with the allocator or heap it came from and the process(es) that map it ("kernel" when
 * none does). Runs come from the buddy allocator, the CMA areas' bitmaps and ION buffers' scatterlists
 * (which covers the carveout and chunk heaps); a later source overrides an earlier one's label.
 */
public record PhysMapSnapshot(String when, long usedPages, List<Span> banks, List<Span> reserved, List<Alloc> allocs) {
    /** A bank or a reservation. */
    public record Span(String name, String kind, long base, long size) {
        public long end() {
            return base + size;
        }
    }

    /** A run of physically contiguous pages with one label. */
    public record Alloc(long base, long size, String heap, String owner) {
        public long end() {
            return base + size;
        }
    }

    /** Pages in use, cheaply: buddy + CMA + ION carveout/chunk buffers (to find the peak). */
    public static long usedPages(Kernel k) {
        long used = 0;
        BuddyAllocator b = k.findService(BuddyAllocator.class).orElse(null);
        if (b != null) {
            used += b.totalPageCount() - b.freePageCount();
        }
        Cma cma = k.findService(Cma.class).orElse(null);
        if (cma != null) {
            used += cma.totalPages() - cma.freePages();
        }
        IonDevice ion = k.findService(IonDevice.class).orElse(null);
        if (ion != null) {
            for (IonBuffer buf : ion.buffers()) {
                if (buf.heap().type() == 2 || buf.heap().type() == 3) {
                    used += PageSize.pageAlign(buf.size()) >>> PageSize.PAGE_SHIFT;
                }
            }
        }
        return used;
    }

    public static PhysMapSnapshot take(Kernel k, String when) {
        List<Span> banks = new ArrayList<>();
        for (DramBank d : k.board().banks()) {
            banks.add(new Span(d.nodePath(), "dram", d.base(), d.size()));
        }
        List<Span> reserved = new ArrayList<>();
        for (ReservedRegion r : k.board().reserved()) {
            reserved.add(new Span(r.name(), r.kind().name().toLowerCase(java.util.Locale.ROOT), r.base(), r.size()));
        }
        // who maps what
        Map<Long, String> owners = new HashMap<>();
        for (Task t : k.tasks().live()) {
            String who = t.comm() + "[" + t.pid() + "]";
            for (Vma v : t.mm().vmas()) {
                for (int i = 0; i < v.pageCount(); i++) {
                    long pfn = v.pfnAt(i);
                    if (pfn >= 0) {
                        owners.merge(pfn, who, (a, b) -> a.contains(b) ? a : a + "+" + b);
                    }
                }
            }
        }
        for (Task t : k.tasks().live()) {
            String who = t.comm() + "[" + t.pid() + "]";
            for (int fd = 0; fd < 1024; fd++) {
                if (!t.files().isOpen(fd)) {
                    continue;
                }
                vexmem.kernel.dmabuf.DmaBuf db = vexmem.kernel.dmabuf.DmaBuf.fromFile(t.files().get(fd));
                vexmem.kernel.dmabuf.SgTable sg = db == null ? null
                        : db.priv instanceof IonBuffer ib ? ib.sgTable()
                        : db.priv instanceof vexmem.kernel.dmabuf.HasPages hp ? hp.pages() : null;
                if (sg == null) {
                    continue;
                }
                for (Scatterlist e : sg.entries()) {
                    long n = PageSize.pageAlign(e.length()) >>> PageSize.PAGE_SHIFT;
                    for (long p = e.pfn(); p < e.pfn() + n; p++) {
                        owners.merge(p, who, (a, b) -> a.contains(b) ? a : a + "+" + b);
                    }
                }
            }
        }
        TreeMap<Long, String> heap = new TreeMap<>();
        Map<Long, Integer> allocNo = new HashMap<>();
        int nextAlloc = 0;
        BuddyAllocator buddy = k.findService(BuddyAllocator.class).orElse(null);
        if (buddy != null) {
            for (long[] blk : buddy.allocatedBlocks()) {
                for (long p = blk[0]; p < blk[0] + (1L << blk[1]); p++) {
                    heap.put(p, "page allocator");
                }
            }
        }
        Cma cma = k.findService(Cma.class).orElse(null);
        if (cma != null) {
            for (CmaArea a : cma.areas()) {
                for (long[] run : a.allocations()) {
                    nextAlloc++;
                    for (long p = run[0]; p < run[0] + run[1]; p++) {
                        heap.put(p, "cma " + a.name());
                        allocNo.put(p, nextAlloc);
                    }
                }
            }
        }
        IonDevice ion = k.findService(IonDevice.class).orElse(null);
        if (ion != null) {
            for (IonBuffer buf : ion.buffers()) {
                if (buf.sgTable() == null) {
                    continue;
                }
                for (Scatterlist sg : buf.sgTable().entries()) {
                    nextAlloc++;
                    long n = PageSize.pageAlign(sg.length()) >>> PageSize.PAGE_SHIFT;
                    for (long p = sg.pfn(); p < sg.pfn() + n; p++) {
                        heap.put(p, "ion " + buf.heap().name());
                        allocNo.put(p, nextAlloc);
                    }
                }
            }
        }
        List<Alloc> allocs = new ArrayList<>();
        long runStart = -1, prev = -2;
        String runHeap = null, runOwner = null;
        int runNo = -1;
        for (Map.Entry<Long, String> e : heap.entrySet()) {
            long p = e.getKey();
            String h = e.getValue();
            String o = owners.getOrDefault(p, "kernel");
            int no = allocNo.getOrDefault(p, 0);
            if (p == prev + 1 && h.equals(runHeap) && o.equals(runOwner) && no == runNo) {
                prev = p;
                continue;
            }
            if (runStart >= 0) {
                allocs.add(new Alloc(PageSize.phys(runStart), PageSize.phys(prev - runStart + 1), runHeap, runOwner));
            }
            runStart = p;
            prev = p;
            runHeap = h;
            runOwner = o;
            runNo = no;
        }
        if (runStart >= 0) {
            allocs.add(new Alloc(PageSize.phys(runStart), PageSize.phys(prev - runStart + 1), runHeap, runOwner));
        }
        return new PhysMapSnapshot(when, heap.size(), banks, reserved, allocs);
    }
}
