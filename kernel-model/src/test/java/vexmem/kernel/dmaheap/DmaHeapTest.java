package vexmem.kernel.dmaheap;

import static org.junit.jupiter.api.Assertions.*;
import static vexmem.kernel.Errno.*;

import org.junit.jupiter.api.Test;
import vexmem.kernel.dmabuf.Ioc;
import vexmem.kernel.fs.Vfs;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.task.Task;
import vexmem.kernel.testing.Rig;

class DmaHeapTest {
    static int alloc(Task t, int fd, long arg, long len, int in, int fdFlags, long heapFlags) {
        Rig.put(t, arg, Rig.le(24).putLong(0, len).putInt(8, in).putInt(12, fdFlags).putLong(16, heapFlags));
        int e = Rig.errno(t, fd, DmaHeap.DMA_HEAP_IOCTL_ALLOC, arg);
        return e != 0 ? -e : Rig.get(t, arg, 24).getInt(8);
    }

    @Test
    void devicesAndArgumentChecks() {
        try (Rig r = new Rig()) {
            assertEquals(java.util.List.of("linux,cma", "system"), r.k.service(Vfs.class).list("/dev/dma_heap"));
            Task t = r.task("app");
            int fd = r.openFd(t, "/dev/dma_heap/system", 0x80000);
            long arg = Rig.scratch(t, 4096);
            assertEquals(-EINVAL, alloc(t, fd, arg, 4096, 1, 0x80002, 0), "fd must be 0");
            assertEquals(-EINVAL, alloc(t, fd, arg, 4096, 0, 0x800, 0), "O_NONBLOCK");
            assertEquals(-EINVAL, alloc(t, fd, arg, 4096, 0, 2, 1));
            assertEquals(-EINVAL, alloc(t, fd, arg, 0, 0, 2, 0));
            assertEquals(-EINVAL, alloc(t, fd, arg, 0xFFFFF001L, 0, 2, 0));
            assertEquals(EINVAL, Rig.errno(t, fd, Ioc.ioc(3, 'H', 1, 24), arg), "nr >= 1");
            assertEquals(EFAULT, Rig.errno(t, fd, DmaHeap.DMA_HEAP_IOCTL_ALLOC, 0x1000));
            int buf = alloc(t, fd, arg, 5000, 0, 0x80002, 0);
            assertTrue(buf > 0);
            assertTrue(t.files().closeOnExec(buf));
            assertEquals(2, t.files().get(buf).flags() & 3);
            // any type byte with nr 0 is ALLOC
            Rig.put(t, arg, Rig.le(24).putLong(0, 4096).putInt(12, 2));
            assertEquals(0, Rig.errno(t, fd, Ioc.ioc(3, 'Z', 0, 24), arg));
            // private mappings refused; shared ones see zeroed memory
            var file = t.files().get(buf);
            assertEquals(EINVAL, Rig.errnoOf(() -> t.mm().mmap(t, 0, 8192, Prot.PROT_READ, Prot.MAP_PRIVATE, file, 0, null)));
            long va = t.mm().mmap(t, 0, 8192, Prot.PROT_READ | Prot.PROT_WRITE, Prot.MAP_SHARED, file, 0, null);
            // MAP_SHARED_VALIDATE is a shared mapping too (VM_SHARED | VM_MAYSHARE)
            long vv = t.mm().mmap(t, 0, 4096, Prot.PROT_READ, 0x03, file, 0, null);
            assertTrue(t.mm().findVma(vv).isShared());
            assertArrayEquals(new byte[8192], t.mm().copyFromUser(va, 8192));
            t.exit(0);
        }
    }

    @Test
    void cmaHeapIsContiguousInTheDefaultArea() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int fd = r.openFd(t, "/dev/dma_heap/linux,cma", 0);
            long arg = Rig.scratch(t, 4096);
            int buf = alloc(t, fd, arg, 1 << 20, 0, 2, 0);
            var d = vexmem.kernel.dmabuf.DmaBuf.get(t, buf);
            var a = d.attach("x");
            var sg = d.mapAttachment(a, 0);
            assertEquals(1, sg.nents());
            assertTrue(sg.entries().get(0).phys() >= Rig.CMA_BASE);
            assertEquals(0, sg.entries().get(0).phys() % (1 << 20), "aligned to min(order, 8)");
            d.unmapAttachment(a, sg, 0);
            d.detach(a);
            d.put();
            assertEquals(-ENOMEM, alloc(t, fd, arg, Rig.CMA_SIZE * 2, 0, 2, 0));
            t.exit(0);
        }
    }

    @Test
    void systemHeapHasNoHalfOfRamCap() {
        try (Rig r = new Rig()) {
            var pa = r.k.pageAllocator();
            long len = (pa.totalPageCount() / 2 + 256) * 4096;
            assertTrue(len < pa.freePageCount() * 4096L);
            DmaHeap heap = r.k.service(DmaHeapInit.DmaHeaps.class).find("system");
            var d = heap.bufferAlloc(len, 2, 0);
            assertEquals(len, d.size());
            d.put();
            assertEquals(ENOMEM, Rig.errnoOf(() -> heap.bufferAlloc(pa.freePageCount() * 4096L + 4096, 2, 0)),
                    "more than is free");
        }
    }

    @Test
    void aDefaultCmaAreaNamedSystemDoesNotReplaceTheSystemHeap() {
        var cma = new vexmem.board.ReservedRegion("system", "/reserved-memory/system", Rig.CMA_BASE, Rig.CMA_SIZE,
                false, false, true, java.util.List.of("shared-dma-pool"), true, 1);
        var board = new vexmem.board.Board("V2P-CA9", null,
                java.util.List.of(new vexmem.board.DramBank(Rig.DRAM, Rig.DRAM_SIZE, "/memory@60000000")),
                java.util.List.of(cma), java.util.List.of(), java.util.List.of());
        vexmem.kernel.Kernel k = vexmem.kernel.Kernel.boot(board);
        try {
            DmaHeap sys = k.service(DmaHeapInit.DmaHeaps.class).find("system");
            assertTrue(sys.ops() instanceof SystemHeap);
            assertEquals(java.util.List.of("system"), k.service(Vfs.class).list("/dev/dma_heap"));
        } finally {
            k.shutdown();
        }
    }
}
