package vexmem.kernel.mm;

import java.util.Optional;
import vexmem.kernel.Kernel;

/**
 * /proc/meminfo (fs/proc/meminfo.c, 4.9 field order, CONFIG_HIGHMEM and CONFIG_CMA set) and
 * /proc/iomem text. Counted as Linux counts once CMA is active: MemTotal = totalram_pages =
 * buddy-managed pages + CMA pages (cma_activate_area adds them to managed pages); MemFree includes
 * free CMA pages (NR_FREE_PAGES does). There is no page cache, slab or swap, so those lines are 0
 * and MemAvailable = MemFree (no watermarks or totalreserve_pages are modelled).
 */
public final class MemInfo {
    private MemInfo() {
    }

    /** totalram_pages: buddy-managed pages plus activated CMA pages. */
    public static long totalramPages(Kernel k) {
        PageAllocator pa = k.pageAllocator();
        return (pa == null ? 0 : pa.totalPageCount()) + k.findService(Cma.class).map(Cma::totalPages).orElse(0L);
    }

    public static String meminfo(Kernel k) {
        PageAllocator pa = k.pageAllocator();
        Optional<Cma> cma = k.findService(Cma.class);
        Optional<KernelMap> km = k.findService(KernelMap.class);
        long cmaTotal = cma.map(Cma::totalPages).orElse(0L);
        long cmaFree = cma.map(Cma::freePages).orElse(0L);
        long total = totalramPages(k);
        long free = (pa == null ? 0 : pa.freePageCount()) + cmaFree;
        long highTotal = 0, highFree = 0;
        if (km.isPresent()) {
            long highPfn = PageSize.pfn(km.get().lowmemEndPhys());
            if (pa instanceof BuddyAllocator b) {
                highTotal = b.managedPagesBetween(highPfn, Long.MAX_VALUE);
                highFree = b.freePagesBetween(highPfn, Long.MAX_VALUE);
            }
            for (CmaArea a : cma.map(Cma::areas).orElse(java.util.List.of())) {
                if (a.basePfn() >= highPfn) {
                    highTotal += a.count();
                    highFree += a.freePages();
                }
            }
        }
        long vmallocTotal = km.map(m -> (m.vmallocEnd() - m.vmallocStart()) >> 10).orElse(0L);
        StringBuilder sb = new StringBuilder();
        line(sb, "MemTotal", kb(total));
        line(sb, "MemFree", kb(free));
        line(sb, "MemAvailable", kb(free));
        for (String z : new String[] {"Buffers", "Cached", "SwapCached", "Active", "Inactive", "Active(anon)",
                "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked"}) {
            line(sb, z, 0);
        }
        line(sb, "HighTotal", kb(highTotal));
        line(sb, "HighFree", kb(highFree));
        line(sb, "LowTotal", kb(total - highTotal));
        line(sb, "LowFree", kb(free - highFree));
        for (String z : new String[] {"SwapTotal", "SwapFree", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem",
                "Slab", "SReclaimable", "SUnreclaim", "KernelStack", "PageTables", "NFS_Unstable", "Bounce",
                "WritebackTmp"}) {
            line(sb, z, 0);
        }
        // vm_commit_limit with overcommit_ratio 50 and no swap or hugetlb.
        line(sb, "CommitLimit", kb(total) / 2);
        line(sb, "Committed_AS", 0);
        line(sb, "VmallocTotal", vmallocTotal);
        line(sb, "VmallocUsed", 0); // 4.4+ always print 0 here
        line(sb, "VmallocChunk", 0);
        line(sb, "CmaTotal", kb(cmaTotal));
        line(sb, "CmaFree", kb(cmaFree));
        return sb.toString();
    }

    /**
     * /proc/iomem as ARM's request_standard_resources leaves it: one "System RAM" entry per memblock
     * memory region, so no-map regions are holes and other reservations (CMA included) are not listed.
     * Device resources appear only when drivers request them, which the model's drivers do not.
     */
    public static String iomem(Kernel k) {
        StringBuilder sb = new StringBuilder();
        Memblock mb = k.findService(Memblock.class).orElseGet(() -> Memblock.fromBoard(k.board()));
        for (Memblock.Region r : mb.memory()) {
            sb.append(String.format("%08x-%08x : System RAM\n", r.base(), r.end() - 1));
        }
        return sb.toString();
    }

    private static long kb(long pages) {
        return pages << (PageSize.PAGE_SHIFT - 10);
    }

    private static void line(StringBuilder sb, String name, long kb) {
        sb.append(String.format("%-16s%8d kB\n", name + ":", kb));
    }
}
