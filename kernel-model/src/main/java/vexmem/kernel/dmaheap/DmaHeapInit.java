package vexmem.kernel.dmaheap;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.Inode;
import vexmem.kernel.fs.Vfs;
import vexmem.kernel.mm.Cma;

/**
 * Brings up DMA-BUF heaps: "system" and one CMA heap for the default area, each a character device
 * /dev/dma_heap/&lt;name&gt; of the dynamic "dma_heap" major.
 */
public final class DmaHeapInit {
    /** The major the dynamic chrdev region gets on this model. */
    public static final int DMA_HEAP_MAJOR = 251;

    private DmaHeapInit() {
    }

    public static Runnable init(Kernel k) {
        Vfs vfs = k.service(Vfs.class);
        vfs.mkdirs("/dev/dma_heap");
        List<DmaHeap> heaps = new ArrayList<>();
        heaps.add(new DmaHeap(SystemHeap.NAME, new SystemHeap(k)));
        k.findService(Cma.class).flatMap(Cma::defaultArea).ifPresent(a -> {
            // dma_heap_add: the device is named after the heap, and a second "system" (a default CMA
            // node called system) cannot be created; the system heap registered first keeps the node.
            if (a.name().isEmpty() || a.name().equals(SystemHeap.NAME)) {
                k.log().err("dma_heap: cannot add CMA heap \"%s\"", a.name());
            } else {
                heaps.add(new DmaHeap(a.name(), new CmaHeap(k, a)));
            }
        });
        int minor = 0;
        List<String> paths = new ArrayList<>();
        for (DmaHeap h : heaps) {
            String path = "/dev/dma_heap/" + h.name();
            vfs.link(path, new Inode(Inode.S_IFCHR | 0600, Inode.mkdev(DMA_HEAP_MAJOR, minor++), h));
            paths.add(path);
        }
        k.register(DmaHeaps.class, new DmaHeaps(heaps));
        return () -> paths.forEach(vfs::unlink);
    }

    /** The registered heaps (a Kernel service, for drivers and tests). */
    public record DmaHeaps(List<DmaHeap> heaps) {
        public DmaHeap find(String name) {
            return heaps.stream().filter(h -> h.name().equals(name)).findFirst().orElse(null);
        }
    }
}
