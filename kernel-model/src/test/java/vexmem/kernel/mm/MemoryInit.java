package vexmem.kernel.mm;

import vexmem.board.DramBank;
import vexmem.board.ReservedRegion;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.DebugFs;
import vexmem.kernel.fs.MiscDevices;
import vexmem.kernel.fs.Vfs;

/**
 * TEST DOUBLE shadowing MemoryInit (delete after merging mm/vfs): backs DRAM, then registers the fake
 * page allocator (DRAM below the first reserved region), CMA areas, KernelMap, Vfs, MiscDevices and
 * DebugFs so the ION/dma-heap/driver initcalls can run in unit tests.
 */
public final class MemoryInit {
    private MemoryInit() {
    }

    public static Runnable init(Kernel k) {
        DramBank bank = k.board().banks().get(0);
        for (DramBank b : k.board().banks()) {
            k.physicalMemory().addRange("System RAM", b.base(), b.size());
        }
        long top = bank.base() + bank.size();
        for (ReservedRegion r : k.board().reserved()) {
            top = Math.min(top, r.base());
        }
        FakePageAllocator pa = new FakePageAllocator(PageSize.pfn(bank.base()),
                (int) ((top - bank.base()) >>> PageSize.PAGE_SHIFT));
        k.setPageAllocator(pa);
        Cma cma = new Cma(k.physicalMemory());
        for (ReservedRegion r : k.board().cmaAreas()) {
            cma.add(r.path(), new CmaArea(r.name(), PageSize.pfn(r.base()), r.size() >>> PageSize.PAGE_SHIFT, 0,
                    k.physicalMemory()), r.cmaDefault());
        }
        k.register(Cma.class, cma);
        k.register(FakePageAllocator.class, pa);
        k.register(KernelMap.class, new KernelMap(k.physicalMemory(), bank.base()));
        Vfs vfs = new Vfs(k.objects());
        k.register(Vfs.class, vfs);
        k.register(MiscDevices.class, new MiscDevices(vfs));
        k.register(DebugFs.class, new DebugFs());
        long total = pa.freePageCount();
        k.addLeakCheck(() -> pa.freePageCount() == total ? java.util.List.of()
                : java.util.List.of("pages not freed: " + (total - pa.freePageCount())));
        k.addLeakCheck(() -> cma.areas().stream().filter(a -> a.freePages() != a.count())
                .map(a -> "cma pages not freed in " + a.name()).toList());
        return null;
    }
}
