package vexmem.kernel.drivers;

import static org.junit.jupiter.api.Assertions.*;
import static vexmem.kernel.Errno.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vexmem.kernel.dmaheap.DmaHeap;
import vexmem.kernel.fs.File;
import vexmem.kernel.ion.IonUapi;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.task.Task;
import vexmem.kernel.testing.Ion;
import vexmem.kernel.testing.Rig;

class DriversTest {
    private static long mmapShared(Task t, int fd, long len) {
        return t.mm().mmap(t, 0, len, Prot.PROT_READ | Prot.PROT_WRITE, Prot.MAP_SHARED, t.files().get(fd), 0, null);
    }

    @Test
    void dmabufTestBothDirections() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int dev = r.openFd(t, "/dev/dmabuf-test", 2);
            long arg = Rig.scratch(t, 4096);
            assertEquals(0, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_KERNEL, arg));
            int kfd = Rig.get(t, arg, 4).getInt(0);
            long va = mmapShared(t, kfd, 4096);
            assertEquals("efgh\n", new String(t.mm().copyFromUser(va, 5), StandardCharsets.US_ASCII));
            // user → kernel
            Ion ion = new Ion(r, t);
            int ufd = ion.share(ion.alloc(4096, 0, 1, 0));
            long uva = mmapShared(t, ufd, 4096);
            t.mm().copyToUser(uva, "abcd\n".getBytes(StandardCharsets.US_ASCII));
            Rig.put(t, arg, Rig.le(4).putInt(0, ufd));
            assertEquals(0, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_USER, arg));
            assertTrue(r.k.log().contains("buf data:abcd"));
            Rig.put(t, arg, Rig.le(4).putInt(0, 99));
            assertEquals(EINVAL, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_USER, arg));
            assertEquals(ENOTTY, Rig.errno(t, dev, 0x80044409, arg));
            assertEquals(EINVAL, Rig.errno(t, dev, 0x80514403, arg), "size > 80");
            assertEquals(0, Rig.errno(t, dev, DmabufTest.GET_KERNEL_INFO, arg));
            var info = Rig.get(t, arg, 80);
            assertEquals(4096, info.getInt(0));
            assertEquals(1, info.getInt(4));
            assertEquals(3, info.getInt(8));
            assertEquals(1, info.getInt(12));
            assertEquals("dmabuf-test-client", new String(info.array(), 16, 18, StandardCharsets.US_ASCII));
            assertEquals("system", new String(info.array(), 48, 6, StandardCharsets.US_ASCII));
            t.exit(0);
        }
    }

    @Test
    void vionSingleOpenWriteRead() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int v = r.openFd(t, "/dev/vion_dev", 2);
            assertEquals(EBUSY, Rig.errnoOf(() -> r.open(t, "/dev/vion_dev", 2)));
            Ion ion = new Ion(r, t);
            int fd = ion.share(ion.alloc(4096, 0, 1 << IonUapi.ION_HEAP_TYPE_DMA, 0));
            long arg = Rig.scratch(t, 4096);
            File f = t.files().get(v);
            assertEquals(0, f.ops().write(t, f, arg, 10), "nothing registered");
            Rig.put(t, arg, Rig.le(4).putInt(0, 99));
            assertEquals(EBADF, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg));
            assertEquals(EINVAL, Rig.errno(t, v, Vion.VION_UNREGISTER_ION, arg));
            Rig.put(t, arg, Rig.le(4).putInt(0, fd));
            assertEquals(0, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg));
            long str = arg + 64;
            byte[] magic = "ion buffer test magic string\0garbage".getBytes(StandardCharsets.US_ASCII);
            t.mm().copyToUser(str, magic);
            assertEquals(127, f.ops().write(t, f, str, 127));
            long va = mmapShared(t, fd, 4096);
            assertEquals("ion buffer test magic string\0\0", new String(t.mm().copyFromUser(va, 30), StandardCharsets.US_ASCII));
            long back = arg + 1024;
            assertEquals(28, f.ops().read(t, f, back, 28));
            assertEquals("ion buffer test magic string", new String(t.mm().copyFromUser(back, 28), StandardCharsets.US_ASCII));
            assertEquals(EFAULT, Rig.errnoOf(() -> f.ops().write(t, f, 0x1000, 4)));
            t.files().close(v);
            int v2 = r.openFd(t, "/dev/vion_dev", 2);
            assertEquals(0, Rig.errno(t, v2, Vion.VION_UNREGISTER_ION, arg));
            t.exit(0);
        }
    }

    @Test
    void vionClientBelongsToTheRegisteringProcess() {
        try (Rig r = new Rig()) {
            Task t = r.task("vapp");
            int v = r.openFd(t, "/dev/vion_dev", 2);
            Ion ion = new Ion(r, t);
            int fd = ion.share(ion.alloc(4096, 0, 1 << IonUapi.ION_HEAP_TYPE_DMA, 0));
            long arg = Rig.scratch(t, 4096);
            Rig.put(t, arg, Rig.le(4).putInt(0, fd));
            assertEquals(0, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg));
            String line = String.format("%16s %16d %16d\n", "vapp", t.pid(), 4096);
            String heap = r.debugfs("ion/heaps/cma");
            assertEquals(2, heap.split(java.util.regex.Pattern.quote(line), -1).length - 1,
                    "the app's own client and vion's client, both the caller's: " + heap);
            assertFalse(heap.contains("vion"), heap);
            assertNotNull(r.debugfs("ion/clients/vion-0"));
            assertEquals(0, Rig.errno(t, v, Vion.VION_UNREGISTER_ION, arg));
            t.exit(0);
        }
    }

    @Test
    void cmaMemAllocateMapUnmap() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int dev = r.openFd(t, "/dev/cma_mem", 2);
            long arg = Rig.scratch(t, 4096);
            var blk = Rig.le(36);
            blk.put(0, (byte) 'm').put(1, (byte) 'e').put(2, (byte) 'm').put(3, (byte) '1');
            blk.put(10, (byte) 1).putInt(20, 800 * 480 * 4);
            Rig.put(t, arg, blk);
            assertEquals(0, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, arg));
            var out = Rig.get(t, arg, 36);
            assertEquals(1, out.getInt(12));
            assertEquals(1536000, out.getInt(20));
            long phys = out.getInt(24) & 0xffffffffL;
            long user = out.getInt(28) & 0xffffffffL;
            assertTrue(phys >= Rig.CMA_BASE && phys < Rig.CMA_BASE + Rig.CMA_SIZE);
            t.mm().copyToUser(user + 100, new byte[] {7});
            assertEquals(7, r.k.physicalMemory().read(phys + 100, 1)[0]);
            assertEquals(ENOTTY, Rig.errno(t, dev, CmaMem.CMEM_GET_PHYS, arg));
            Rig.put(t, arg, Rig.le(36).putInt(20, 4096));
            assertEquals(EINVAL, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, arg), "no name");
            Rig.put(t, arg, Rig.le(36).put(0, (byte) 'x'));
            assertEquals(EINVAL, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, arg), "len 0");
            assertEquals(EINVAL, Rig.errno(t, dev, CmaMem.CMEM_UNMAP, arg), "no block named x");
            Rig.put(t, arg, Rig.le(36).put(0, (byte) 'm').put(1, (byte) 'e').put(2, (byte) 'm').put(3, (byte) '1'));
            assertEquals(0, Rig.errno(t, dev, CmaMem.CMEM_UNMAP, arg));
            assertNull(t.mm().findVma(user));
            // a second block left allocated is freed when the file goes away
            Rig.put(t, arg, Rig.le(36).put(0, (byte) 'b').putInt(20, 4096));
            assertEquals(0, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, arg));
            assertEquals(2, Rig.get(t, arg, 36).getInt(12));
            t.exit(0);
        }
    }

    @Test
    void heapTestMapsAndClears() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int heap = r.openFd(t, "/dev/dma_heap/system", 0);
            int dev = r.openFd(t, "/dev/heap_test", 2);
            long arg = Rig.scratch(t, 4096);
            Rig.put(t, arg, Rig.le(24).putLong(0, 1 << 20).putInt(12, 2));
            assertEquals(0, Rig.errno(t, heap, DmaHeap.DMA_HEAP_IOCTL_ALLOC, arg));
            int buf = Rig.get(t, arg, 24).getInt(8);
            long va = mmapShared(t, buf, 1 << 20);
            t.mm().copyToUser(va, new byte[] {1, 2, 3});
            Rig.put(t, arg, Rig.le(32).putInt(0, buf).putLong(8, 1 << 20));
            assertEquals(0, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg));
            var out = Rig.get(t, arg, 32);
            assertEquals(1, out.getInt(4));
            assertEquals(1 << 20, out.getLong(8));
            assertEquals(1 << 20, out.getInt(24));
            assertArrayEquals(new byte[3], t.mm().copyFromUser(va, 3));
            Rig.put(t, arg, Rig.le(32).putInt(0, buf).putInt(28, 1));
            assertEquals(EINVAL, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg));
            Rig.put(t, arg, Rig.le(32).putInt(0, buf).putLong(8, 4096));
            assertEquals(EINVAL, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg));
            Rig.put(t, arg, Rig.le(32).putInt(0, 77));
            assertEquals(EBADF, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg));
            Rig.put(t, arg, Rig.le(32).putInt(0, dev));
            assertEquals(EINVAL, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg));
            assertEquals(ENOTTY, Rig.errno(t, dev, 0xC0206802, arg));
            t.exit(0);
        }
    }
}
