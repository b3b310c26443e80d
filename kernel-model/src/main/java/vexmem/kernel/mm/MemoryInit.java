package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.DramBank;
import vexmem.board.ReservedRegion;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelLog;

/**
 * Early memory setup, in setup_arch → mem_init → cma_init_reserved_areas order: back RAM with host
 * memory, reserve memory regions, declare CMA areas, hand the rest to the buddy allocator, set up
 * the kernel's virtual map, and register leak checks that run at shutdown.
 */
public final class MemoryInit {
    /** Leak reports list at most this many blocks each. */
    private static final int LEAK_DETAIL = 16;

    private MemoryInit() {
    }

    public static Runnable init(Kernel k) {
        PhysicalMemory pm = k.physicalMemory();
        KernelLog log = k.log();
        for (DramBank b : k.board().banks()) {
            pm.addRange("System RAM", b.base(), b.size());
        }
        backRegionsOutsideDram(k);

        Memblock mb = Memblock.fromBoard(k.board());
        KernelMap km = new KernelMap(pm, mb.physOffset(), mb.memory());
        Cma cma = ReservedMem.init(k.board().reserved(), mb, km.lowmemEndPhys(), pm, log);
        BuddyAllocator buddy = new BuddyAllocator(mb.free());
        logMemInit(log, mb, buddy, cma, km);

        k.setPageAllocator(buddy);
        k.register(BuddyAllocator.class, buddy);
        k.register(Cma.class, cma);
        k.register(KernelMap.class, km);
        k.register(Memblock.class, mb);
        k.addLeakCheck(() -> buddyLeaks(buddy));
        k.addLeakCheck(() -> cmaLeaks(cma));
        k.addLeakCheck(() -> km.vmapAreas().stream().map(a -> "vmap area still mapped: " + a).toList());
        return null;
    }

    /** Regions outside every DRAM bank (e.g. video RAM on the motherboard) get their own backing. */
    private static void backRegionsOutsideDram(Kernel k) {
        PhysicalMemory pm = k.physicalMemory();
        for (ReservedRegion r : k.board().reserved()) {
            long base = r.base() & PageSize.PAGE_MASK;
            long size = PageSize.pageAlign(r.end()) - base;
            if (size <= 0 || pm.isBacked(base, size)) {
                continue;
            }
            boolean overlaps = pm.ranges().stream().anyMatch(x -> base < x.end() && x.base() < base + size);
            if (overlaps) {
                k.log().warn("memory: %s at 0x%08x partly outside RAM, not backed", r.name(), r.base());
                continue;
            }
            pm.addRange(r.name(), base, size);
        }
    }

    /** mem_init's banner; at this point CMA pages are still outside the buddy allocator, as in Linux. */
    private static void logMemInit(KernelLog log, Memblock mb, BuddyAllocator buddy, Cma cma, KernelMap km) {
        long phys = mb.memoryPages();
        long reserved = phys - buddy.totalPageCount() - cma.totalPages();
        long high = buddy.managedPagesBetween(PageSize.pfn(km.lowmemEndPhys()), Long.MAX_VALUE);
        log.info("Memory: %dK/%dK available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, %dK reserved, "
                        + "%dK cma-reserved, %dK highmem)",
                kb(buddy.freePageCount()), kb(phys), kb(reserved), kb(cma.totalPages()), kb(high));
        log.info("    vmalloc : 0x%08x - 0x%08x   (%4d MB)", km.vmallocStart(), km.vmallocEnd(),
                (km.vmallocEnd() - km.vmallocStart()) >> 20);
        log.info("    lowmem  : 0x%08x - 0x%08x   (%4d MB)", KernelMap.PAGE_OFFSET, km.highMemory(),
                (km.highMemory() - KernelMap.PAGE_OFFSET) >> 20);
    }

    static List<String> buddyLeaks(BuddyAllocator buddy) {
        List<String> out = new ArrayList<>();
        List<long[]> blocks = buddy.allocatedBlocks();
        if (!blocks.isEmpty()) {
            long pages = blocks.stream().mapToLong(b -> 1L << b[1]).sum();
            StringBuilder sb = new StringBuilder(String.format("page allocator: %d pages still allocated:", pages));
            for (int i = 0; i < Math.min(LEAK_DETAIL, blocks.size()); i++) {
                sb.append(String.format(" pfn 0x%x order %d", blocks.get(i)[0], blocks.get(i)[1]));
                sb.append(i + 1 < blocks.size() ? "," : "");
            }
            if (blocks.size() > LEAK_DETAIL) {
                sb.append(String.format(" ... (%d blocks)", blocks.size()));
            }
            out.add(sb.toString());
        } else if (!buddy.isFullyMerged()) {
            out.add("page allocator: free lists not fully merged: " + buddy.checkInvariants());
        }
        return out;
    }

    static List<String> cmaLeaks(Cma cma) {
        List<String> out = new ArrayList<>();
        for (CmaArea a : cma.areas()) {
            List<long[]> runs = a.allocatedRuns();
            if (runs.isEmpty()) {
                continue;
            }
            StringBuilder sb = new StringBuilder(String.format("cma %s: %d pages still allocated:", a.name(), a.usedPages()));
            for (int i = 0; i < Math.min(LEAK_DETAIL, runs.size()); i++) {
                sb.append(String.format(" pfn 0x%x+%d", runs.get(i)[0], runs.get(i)[1]));
                sb.append(i + 1 < runs.size() ? "," : "");
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static long kb(long pages) {
        return pages << (PageSize.PAGE_SHIFT - 10);
    }
}
