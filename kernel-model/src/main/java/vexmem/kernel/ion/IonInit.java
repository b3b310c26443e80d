package vexmem.kernel.ion;

import vexmem.board.IonHeapSpec;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.DebugFs;
import vexmem.kernel.fs.MiscDevices;

/**
 * ION's initcall: the device, /dev/ion, debugfs, and the heaps of the board's ION node. The exit hook
 * (rmmod) deregisters the device and destroys the heaps; the leak check wants every client, handle
 * and buffer gone and carveout/chunk pools full again.
 */
public final class IonInit {
    private IonInit() {
    }

    public static Runnable init(Kernel k) {
        IonDevice dev = new IonDevice(k);
        IonDebugFs dbg = new IonDebugFs(dev, k.service(DebugFs.class));
        dev.setDebugFs(dbg);
        for (IonHeapSpec spec : k.board().ionHeaps()) {
            try {
                dev.addHeap(createHeap(k, spec));
            } catch (RuntimeException e) {
                k.log().err("ion: failed to create heap %s: %s", spec.name(), e.getMessage());
            }
        }
        k.service(MiscDevices.class).register("ion", new IonIoctl(dev));
        k.register(IonDevice.class, dev);
        k.addLeakCheck(dev::leaks);
        k.log().info("ion: %d heaps", dev.heaps().size());
        return () -> {
            k.service(MiscDevices.class).deregister("ion");
            for (IonClient c : dev.clients()) {
                if (c.task() == null) {
                    k.log().warn("ion: kernel client %s still alive at exit", c.displayName());
                }
            }
            if (dev.buffers().isEmpty()) {
                for (IonHeap h : dev.heaps()) {
                    h.destroy();
                }
            }
            dbg.removeAll();
        };
    }

    /** ion_heap_create for one heap of the board's ION node. */
    static IonHeap createHeap(Kernel k, IonHeapSpec s) {
        return switch (s.type()) {
            case IonUapi.ION_HEAP_TYPE_SYSTEM -> new IonSystemHeap(k, s.name(), s.id());
            case IonUapi.ION_HEAP_TYPE_SYSTEM_CONTIG -> new IonSystemContigHeap(k, s.name(), s.id());
            case IonUapi.ION_HEAP_TYPE_CARVEOUT -> new IonCarveoutHeap(k, s.name(), s.id(), region(k, s));
            case IonUapi.ION_HEAP_TYPE_CHUNK -> new IonChunkHeap(k, s.name(), s.id(), region(k, s), s.chunkSize());
            case IonUapi.ION_HEAP_TYPE_DMA -> new IonCmaHeap(k, s.name(), s.id(), s.regionPath(), s.allowCached());
            default -> throw new IllegalArgumentException("ion: unknown heap type " + s.type());
        };
    }

    private static vexmem.board.ReservedRegion region(Kernel k, IonHeapSpec s) {
        return k.board().region(s.regionPath())
                .orElseThrow(() -> new IllegalArgumentException("no reserved region " + s.regionPath()));
    }
}
