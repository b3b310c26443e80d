package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/**
 * The board's CMA areas (a Kernel service): cma_areas[] plus the default area and the
 * dma-contiguous entry points. Areas are declared at boot by {@link ReservedMem}.
 */
public final class Cma {
    /** MAX_CMA_AREAS (CONFIG_CMA_AREAS 7, plus one for the default area). */
    public static final int MAX_CMA_AREAS = 8;
    /** CONFIG_CMA_ALIGNMENT: dma_alloc_from_contiguous caps the alignment order here. */
    public static final int CMA_ALIGNMENT = 8;

    private final PhysicalMemory phys;
    private final List<CmaArea> areas = new ArrayList<>();
    private final Map<String, CmaArea> byPath = new LinkedHashMap<>();
    private CmaArea defaultArea;

    /** @param phys the memory dmaAlloc zeroes new buffers in */
    public Cma(PhysicalMemory phys) {
        this.phys = java.util.Objects.requireNonNull(phys);
    }

    /**
     * cma_init_reserved_mem's slot check plus bookkeeping: registers an area made from the
     * reserved-memory node at {@code regionPath} (null for a cmdline area). ENOSPC past 8 areas.
     */
    public synchronized void declare(String regionPath, CmaArea area, boolean isDefault) {
        if (areas.size() == MAX_CMA_AREAS) {
            throw new KernelError(Errno.ENOSPC, "Not enough slots for CMA reserved regions!");
        }
        areas.add(area);
        if (regionPath != null) {
            byPath.put(regionPath, area);
        }
        if (isDefault) {
            defaultArea = area; // dma_contiguous_set_default
        }
    }

    public synchronized List<CmaArea> areas() {
        return List.copyOf(areas);
    }

    /** dev_get_cma_area(NULL): the linux,cma-default area. */
    public synchronized Optional<CmaArea> defaultArea() {
        return Optional.ofNullable(defaultArea);
    }

    /** The area made from the reserved-memory node at {@code path}. */
    public synchronized Optional<CmaArea> byRegionPath(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** CmaTotal in pages. */
    public synchronized long totalPages() {
        return areas.stream().mapToLong(CmaArea::count).sum();
    }

    /** CmaFree in pages. */
    public synchronized long freePages() {
        return areas.stream().mapToLong(CmaArea::freePages).sum();
    }

    /**
     * dma_alloc_from_contiguous as ARM's coherent allocator uses it: {@code size} bytes from the area,
     * alignment order min(get_order(size), CONFIG_CMA_ALIGNMENT=8), pages zeroed. Returns phys or -1.
     */
    public long dmaAlloc(CmaArea area, long size) {
        if (area == null || size <= 0) {
            return -1;
        }
        long bytes = PageSize.pageAlign(size);
        int align = Math.min(PageSize.getOrder(bytes), CMA_ALIGNMENT);
        long pfn = area.alloc(bytes >>> PageSize.PAGE_SHIFT, align);
        if (pfn < 0) {
            return -1;
        }
        // __dma_clear_buffer: the buffer reaches the device and user space zeroed.
        phys.zeroPages(PageSize.phys(pfn), bytes);
        return PageSize.phys(pfn);
    }

    /** dma_release_from_contiguous; a range the area does not own is a caller bug. */
    public void dmaFree(CmaArea area, long phys, long size) {
        long pages = PageSize.pageAlign(size) >>> PageSize.PAGE_SHIFT;
        if (area == null || !area.release(PageSize.pfn(phys), pages)) {
            throw new IllegalStateException(String.format("dma_release_from_contiguous: 0x%x (%d bytes) is not in %s",
                    phys, size, area));
        }
    }
}
