package vexmem.kernel.ion;

import static org.junit.jupiter.api.Assertions.*;
import static vexmem.kernel.Errno.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.testing.Rig;

class IonHeapsTest {
    private static int err(Runnable r) {
        return Rig.errnoOf(r);
    }

    @Test
    void systemHeapUsesOrders840LargestFirst() {
        try (Rig r = new Rig()) {
            IonDevice dev = r.k.service(IonDevice.class);
            IonClient c = dev.ionClientCreate("test");
            IonHandle h = dev.ionAlloc(c, (1 << 20) + (64 << 10) * 2 + 4096 * 3, 0, 1, 0);
            List<Long> lens = h.buffer().sgTable().entries().stream().map(Scatterlist::length).toList();
            assertEquals(List.of(1L << 20, 65536L, 65536L, 4096L, 4096L, 4096L), lens);
            assertEquals(EINVAL, err(() -> dev.ionAlloc(c, 4096, 8192, 1, 0)));
            assertEquals(ENOMEM, err(() -> dev.ionAlloc(c, 200L << 20, 0, 1, 0)), "over totalram/2");
            // totalram_pages includes the activated CMA area, so half of it is more than half the buddy's
            long buddyHalf = r.k.pageAllocator().totalPageCount() / 2;
            IonHandle big = dev.ionAlloc(c, (buddyHalf + 1) * 4096, 0, 1, 0);
            dev.ionFree(c, big);
            assertEquals(ENODEV, err(() -> dev.ionPhys(c, h)));
            dev.ionFree(c, h);
            assertEquals(EINVAL, err(() -> dev.ionFree(c, h)));
            dev.ionClientDestroy(c);
        }
    }

    @Test
    void buffersAreZeroedAndKernelMappable() {
        try (Rig r = new Rig()) {
            IonDevice dev = r.k.service(IonDevice.class);
            KernelMap km = r.k.service(KernelMap.class);
            IonClient c = dev.ionClientCreate("test");
            for (int mask : new int[] {1, 2, 4, 8, 16}) {
                IonHandle h = dev.ionAlloc(c, 8192, 0, mask, 0);
                long v = dev.ionMapKernel(c, h);
                byte[] b = new byte[8192];
                km.read(v, b, 0, b.length);
                for (byte x : b) {
                    assertEquals(0, x);
                }
                km.write(v, new byte[] {1, 2, 3}, 0, 3);
                dev.ionUnmapKernel(c, h);
                dev.ionFree(c, h);
                IonHandle again = dev.ionAlloc(c, 8192, 0, mask, 0);
                long v2 = dev.ionMapKernel(c, again);
                byte[] b2 = new byte[3];
                km.read(v2, b2, 0, 3);
                assertArrayEquals(new byte[3], b2, "heap mask " + mask);
                dev.ionFree(c, again); // kmap dropped with the handle
            }
            assertEquals(0, km.vmapAreas().size());
            dev.ionClientDestroy(c);
        }
    }

    @Test
    void contigCarveoutChunkCmaEdges() {
        try (Rig r = new Rig()) {
            IonDevice dev = r.k.service(IonDevice.class);
            IonClient c = dev.ionClientCreate("test");
            // system_contig
            assertEquals(EINVAL, err(() -> dev.ionAlloc(c, 8192, 16384, 2, 0)));
            IonHandle ct = dev.ionAlloc(c, 3 * 4096, 16384, 2, 0);
            assertEquals(1, ct.buffer().sgTable().nents());
            assertEquals(3 * 4096, dev.ionPhys(c, ct)[1]);
            assertEquals(ENOMEM, err(() -> dev.ionAlloc(c, (4L << 20) + 1, 0, 2, 0)));
            IonHandle max = dev.ionAlloc(c, 4L << 20, 0, 2, 0);
            // carveout
            assertEquals(EINVAL, err(() -> dev.ionAlloc(c, 4096, 8192, 4, 0)));
            IonHandle cv = dev.ionAlloc(c, Rig.CARVEOUT_SIZE, 0, 4, 0);
            assertEquals(Rig.CARVEOUT_BASE, dev.ionPhys(c, cv)[0]);
            assertEquals(ENOMEM, err(() -> dev.ionAlloc(c, 4096, 0, 4, 0)));
            dev.ionFree(c, cv);
            // chunk: rounded to chunks, size stays page aligned
            assertEquals(EINVAL, err(() -> dev.ionAlloc(c, 4096, Rig.CHUNK * 2, 8, 0)));
            IonHandle ch = dev.ionAlloc(c, 4096 * 17, 0, 8, 0);
            assertEquals(4096 * 17, ch.buffer().size());
            assertEquals(2, ch.buffer().sgTable().nents());
            assertEquals(ENOMEM, err(() -> dev.ionAlloc(c, Rig.CHUNK_SIZE - Rig.CHUNK, 0, 8, 0)));
            IonHandle rest = dev.ionAlloc(c, Rig.CHUNK_SIZE - 2 * Rig.CHUNK, 0, 8, 0);
            assertEquals(ENODEV, err(() -> dev.ionPhys(c, ch)));
            // cma
            assertEquals(EINVAL, err(() -> dev.ionAlloc(c, 4096, 8192, 16, 0)));
            assertEquals(EINVAL, err(() -> dev.ionAlloc(c, 4096, 0, 16, IonUapi.ION_FLAG_CACHED)));
            IonHandle cm = dev.ionAlloc(c, 1 << 20, 0, 16, 0);
            long p = dev.ionPhys(c, cm)[0];
            assertTrue(p >= Rig.CMA_BASE && p < Rig.CMA_BASE + Rig.CMA_SIZE);
            assertEquals(EPERM, err(() -> dev.ionAlloc(c, Rig.CMA_SIZE, 0, 16, 0)));
            assertEquals(EINVAL, err(() -> dev.ionPhys(c, new IonHandle(c, cm.buffer(), 99))));
            for (IonHandle h : List.of(ct, max, ch, rest, cm)) {
                dev.ionFree(c, h);
            }
            dev.ionClientDestroy(c);
        }
    }

    @Test
    void cmaHeapAllowsCachedWhenTheBoardSaysSo() {
        try (Rig r = new Rig(true)) {
            IonDevice dev = r.k.service(IonDevice.class);
            IonClient c = dev.ionClientCreate("test");
            IonHandle h = dev.ionAlloc(c, 4096, 0, 16, IonUapi.ION_FLAG_CACHED);
            assertTrue(h.buffer().cached());
            dev.ionClientDestroy(c);
        }
    }

    @Test
    void kernelImportAndClientDestroyWhateverTheRefcount() {
        try (Rig r = new Rig()) {
            IonDevice dev = r.k.service(IonDevice.class);
            IonClient a = dev.ionClientCreate("a");
            IonClient b = dev.ionClientCreate("a");
            assertEquals("a-1", b.displayName());
            IonHandle h = dev.ionAlloc(a, 4096, 0, 1, 0);
            var d = dev.ionShareDmaBuf(a, h);
            assertSame(h, dev.ionImportDmaBuf(a, d));
            assertEquals(2, h.refcount());
            IonHandle hb = dev.ionImportDmaBuf(b, d);
            assertEquals(1, hb.id());
            dev.ionClientDestroy(a);
            assertEquals(2, hb.buffer().refcount(), "b's handle and the dma-buf");
            d.put();
            dev.ionClientDestroy(b);
            assertThrows(KernelError.class, () -> dev.ionFree(b, hb));
        }
    }

    @Test
    void carveoutAndChunkRegionsWithPartialGranulesDoNotReportLeaks() {
        var carve = new vexmem.board.ReservedRegion("c@6e000000", "/reserved-memory/c@6e000000", Rig.CARVEOUT_BASE,
                Rig.CARVEOUT_SIZE + 0x800, false, true, false, List.of(), false, 2);
        var chunk = new vexmem.board.ReservedRegion("k@6e900000", "/reserved-memory/k@6e900000", 0x6E900000L,
                Rig.CHUNK_SIZE + 4096, false, true, false, List.of(), false, 3);
        var board = new vexmem.board.Board("V2P-CA9", null,
                List.of(new vexmem.board.DramBank(Rig.DRAM, Rig.DRAM_SIZE, "/memory@60000000")), List.of(carve, chunk),
                List.of(new vexmem.board.IonHeapSpec("carveout", 2, 2, carve.path(), 0, false),
                        new vexmem.board.IonHeapSpec("chunk", 3, 3, chunk.path(), Rig.CHUNK, false)),
                List.of());
        vexmem.kernel.Kernel k = vexmem.kernel.Kernel.boot(board);
        IonDevice dev = k.service(IonDevice.class);
        IonClient c = dev.ionClientCreate("test");
        dev.ionFree(c, dev.ionAlloc(c, 4096, 0, 1 << 2, 0));
        dev.ionFree(c, dev.ionAlloc(c, 4096, 0, 1 << 3, 0));
        dev.ionClientDestroy(c);
        List<String> leaks = k.shutdown();
        assertTrue(leaks.stream().noneMatch(l -> l.startsWith("ion")), leaks.toString());
    }
}
