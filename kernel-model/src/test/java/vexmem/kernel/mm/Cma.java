package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** TEST DOUBLE shadowing the mm branch's Cma service (delete after merging mm). */
public final class Cma {
    private final Map<String, CmaArea> byPath = new LinkedHashMap<>();
    private CmaArea def;
    private final PhysicalMemory phys;

    public Cma(PhysicalMemory phys) {
        this.phys = phys;
    }

    public void add(String path, CmaArea a, boolean isDefault) {
        byPath.put(path, a);
        if (isDefault) {
            def = a;
        }
    }

    public List<CmaArea> areas() {
        return new ArrayList<>(byPath.values());
    }

    public Optional<CmaArea> defaultArea() {
        return Optional.ofNullable(def);
    }

    public Optional<CmaArea> byRegionPath(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public long dmaAlloc(CmaArea area, long size) {
        long pages = PageSize.pageAlign(size) >>> PageSize.PAGE_SHIFT;
        long pfn = area.alloc(pages, Math.min(PageSize.getOrder(size), 8));
        if (pfn < 0) {
            return -1;
        }
        phys.zeroPages(PageSize.phys(pfn), pages << PageSize.PAGE_SHIFT);
        return PageSize.phys(pfn);
    }

    public void dmaFree(CmaArea area, long p, long size) {
        if (!area.release(PageSize.pfn(p), PageSize.pageAlign(size) >>> PageSize.PAGE_SHIFT)) {
            throw new IllegalStateException("dmaFree outside area");
        }
    }
}
