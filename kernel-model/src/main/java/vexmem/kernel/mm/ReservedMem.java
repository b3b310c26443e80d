package vexmem.kernel.mm;

import vexmem.board.ReservedRegion;
import vexmem.kernel.KernelError;
import vexmem.kernel.KernelLog;

/**
 * of_reserved_mem init for "shared-dma-pool" nodes (drivers/of/of_reserved_mem.c): tries
 * rmem_cma_setup then rmem_dma_setup, in link order, with their checks and boot messages. CMA
 * areas land in the {@link Cma} service; coherent pools are only announced here (drivers own them).
 */
final class ReservedMem {
    /** PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order): 4 MiB on ARM. */
    static final long CMA_REGION_ALIGN = PageSize.PAGE_SIZE << (PageSize.MAX_ORDER - 1);

    private ReservedMem() {
    }

    /** @param lowmemEnd physical end of ZONE_NORMAL; HighMem lies above it */
    static Cma init(Iterable<ReservedRegion> regions, Memblock mb, long lowmemEnd, PhysicalMemory phys, KernelLog log) {
        Cma cma = new Cma(phys);
        for (ReservedRegion r : regions) {
            if (!r.isSharedDmaPool()) {
                continue;
            }
            if (rmemCmaSetup(r, mb, lowmemEnd, cma, phys, log) || rmemDmaSetup(r, log)) {
                log.info("OF: reserved mem: initialized node %s, compatible id shared-dma-pool", r.name());
            }
        }
        return cma;
    }

    private static boolean rmemCmaSetup(ReservedRegion r, Memblock mb, long lowmemEnd, Cma cma, PhysicalMemory phys,
                                        KernelLog log) {
        if (!r.reusable() || r.noMap()) {
            return false;
        }
        long mask = CMA_REGION_ALIGN - 1;
        if ((r.base() & mask) != 0 || (r.size() & mask) != 0 || r.size() == 0) {
            log.err("Reserved memory: incorrect alignment of CMA region");
            return false;
        }
        // cma_activate_area fails (and empties the area) when its pages are not System RAM, or when
        // they are not all in one zone: an area straddling the lowmem/highmem boundary.
        boolean oneZone = r.base() >= lowmemEnd || r.end() <= lowmemEnd;
        boolean valid = mb.isMemory(r.base(), r.size()) && oneZone;
        CmaArea area = new CmaArea(r.name(), PageSize.pfn(r.base()), valid ? r.size() >>> PageSize.PAGE_SHIFT : 0, 0, phys);
        try {
            cma.declare(r.path(), area, r.cmaDefault());
        } catch (KernelError e) {
            log.err("cma: Not enough slots for CMA reserved regions!");
            log.err("Reserved memory: unable to setup CMA region");
            return false;
        }
        log.info("Reserved memory: created CMA memory pool at 0x%08x, size %d MiB", r.base(), r.size() >> 20);
        if (!valid) {
            log.err("cma: CMA area %s could not be activated", r.name());
        }
        return true;
    }

    private static boolean rmemDmaSetup(ReservedRegion r, KernelLog log) {
        if (r.reusable()) {
            return false;
        }
        if (!r.noMap()) {
            log.err("Reserved memory: regions without no-map are not yet supported");
            return false;
        }
        log.info("Reserved memory: created DMA memory pool at 0x%08x, size %d MiB", r.base(), r.size() >> 20);
        return true;
    }
}
