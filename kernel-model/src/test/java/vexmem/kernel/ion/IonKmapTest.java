package vexmem.kernel.ion;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.task.Task;
import vexmem.kernel.testing.Ion;
import vexmem.kernel.testing.Rig;

/** Kernel-mapping counts as 4.9 keeps them (ion_buffer_kmap_get/put, ion_handle_kmap_get/put). */
class IonKmapTest {
    private static final int DMA_BUF_IOCTL_SYNC = 0x40086200;
    private static final long SYNC_READ = 1, SYNC_END = 4;

    private static int sync(Task t, long arg, int fd, long flags) {
        Rig.put(t, arg, Rig.le(8).putLong(0, flags));
        return Rig.errno(t, fd, DMA_BUF_IOCTL_SYNC, arg);
    }

    @Test
    void syncEndWithoutStartLeavesTheCountNegativeAsIn49() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            IonDevice dev = r.k.service(IonDevice.class);
            int h = ion.alloc(4096, 0, 1 << 2, 0);
            int fd = ion.share(h);
            IonBuffer b = dev.buffers().stream().filter(x -> x.heap().name().equals("carveout")).findFirst().orElseThrow();
            assertEquals(0, sync(t, ion.arg, fd, SYNC_READ | SYNC_END), "END without START still returns 0");
            assertEquals(-1, b.kmapCount());
            // START at -1 only brings the count back to 0: nothing is mapped
            int vmaps = r.k.service(KernelMap.class).vmapAreas().size();
            assertEquals(0, sync(t, ion.arg, fd, SYNC_READ));
            assertEquals(0, b.kmapCount());
            assertEquals(vmaps, r.k.service(KernelMap.class).vmapAreas().size());
            ion.free(h);
            assertEquals(0, sync(t, ion.arg, fd, SYNC_READ | SYNC_END));
            String heap = r.debugfs("ion/heaps/carveout");
            assertTrue(heap.contains(String.format("%16s %16d %16d %d %d\n", "app", t.pid(), 4096, -1, 1)), heap);
            t.files().close(fd);
            ion.close();
            t.exit(0);
        }
    }

    @Test
    void aHandleHoldsOneBufferKmapWhateverItsCount() {
        try (Rig r = new Rig()) {
            IonDevice dev = r.k.service(IonDevice.class);
            IonClient c = dev.ionClientCreate("test");
            IonHandle h = dev.ionAlloc(c, 8192, 0, 1 << 2, 0);
            long v1 = dev.ionMapKernel(c, h);
            long v2 = dev.ionMapKernel(c, h);
            assertEquals(v1, v2);
            assertEquals(1, h.buffer().kmapCount());
            dev.ionUnmapKernel(c, h);
            assertEquals(1, h.buffer().kmapCount());
            dev.ionUnmapKernel(c, h);
            assertEquals(0, h.buffer().kmapCount());
            dev.ionUnmapKernel(c, h); // double unmap: WARN and ignored
            assertEquals(0, h.buffer().kmapCount());
            dev.ionMapKernel(c, h);
            dev.ionMapKernel(c, h);
            dev.ionMapKernel(c, h);
            assertEquals(1, h.buffer().kmapCount());
            dev.ionFree(c, h); // destroying the handle drops its single buffer kmap
            assertEquals(0, r.k.service(KernelMap.class).vmapAreas().size());
            dev.ionClientDestroy(c);
        }
    }
}
