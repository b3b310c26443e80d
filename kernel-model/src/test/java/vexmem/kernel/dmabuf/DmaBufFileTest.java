package vexmem.kernel.dmabuf;

import static org.junit.jupiter.api.Assertions.*;
import static vexmem.kernel.Errno.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vexmem.kernel.fs.File;
import vexmem.kernel.ion.IonDevice;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.task.Task;
import vexmem.kernel.testing.Ion;
import vexmem.kernel.testing.Rig;

class DmaBufFileTest {
    private static long mmap(Task t, int fd, long len, int flags, long pgoff) {
        return t.mm().mmap(t, 0, len, Prot.PROT_READ | Prot.PROT_WRITE, flags, t.files().get(fd), pgoff, null);
    }

    @Test
    void lifetimeAcrossFdsAndMappings() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            IonDevice dev = r.k.service(IonDevice.class);
            int base = dev.buffers().size();
            int h = ion.alloc(3 * 4096, 0, 1 << 2, 0);
            int fd = ion.share(h);
            long va = mmap(t, fd, 3 * 4096, Prot.MAP_SHARED, 0);
            t.mm().copyToUser(va + 4096, "hello".getBytes(StandardCharsets.US_ASCII));
            ion.free(h);
            t.files().close(fd);
            assertEquals(base + 1, dev.buffers().size(), "the VMA holds the dma-buf file");
            // a second mapping at pgoff 1 sees the same bytes through the carveout
            assertEquals("hello", new String(t.mm().copyFromUser(va + 4096, 5), StandardCharsets.US_ASCII));
            t.mm().munmap(va, 3 * 4096);
            assertEquals(base, dev.buffers().size());
            t.exit(0);
        }
    }

    @Test
    void mmapRangeCheckAndPgoff() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            int h = ion.alloc(2 * 4096, 0, 1 << 2, 0);
            int fd = ion.share(h);
            assertEquals(EINVAL, Rig.errnoOf(() -> mmap(t, fd, 3 * 4096, Prot.MAP_SHARED, 0)));
            assertEquals(EINVAL, Rig.errnoOf(() -> mmap(t, fd, 4096, Prot.MAP_SHARED, 2)));
            // do_mmap refuses a pgoff + pages that wraps before the dma-buf range check runs
            assertEquals(EOVERFLOW, Rig.errnoOf(() -> mmap(t, fd, 4096, Prot.MAP_SHARED, 0xffffffffL)));
            assertEquals(EINVAL, Rig.errnoOf(() -> mmap(t, fd, 4096, Prot.MAP_SHARED, 0xfffffffeL)));
            long a = mmap(t, fd, 4096, Prot.MAP_SHARED, 1);
            long b = mmap(t, fd, 2 * 4096, Prot.MAP_SHARED, 0);
            t.mm().copyToUser(a, new byte[] {42});
            assertEquals(42, t.mm().copyFromUser(b + 4096, 1)[0]);
            t.exit(0);
        }
    }

    @Test
    void llseekSyncAndName() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            int fd = ion.share(ion.alloc(5000, 0, 1, 0));
            File f = t.files().get(fd);
            assertEquals(8192, f.ops().llseek(t, f, 0, 2));
            assertEquals(0, f.pos, "dma_buf_llseek leaves f_pos alone");
            assertEquals(0, f.ops().llseek(t, f, 0, 0));
            assertEquals(EINVAL, Rig.errnoOf(() -> f.ops().llseek(t, f, 0, 1)));
            assertEquals(EINVAL, Rig.errnoOf(() -> f.ops().llseek(t, f, 1, 0)));
            assertEquals(EINVAL, Rig.errnoOf(() -> f.ops().read(t, f, ion.arg, 4)));
            long arg = ion.arg;
            int[][] cases = {{0, EINVAL}, {4, EINVAL}, {8, EINVAL}, {1, 0}, {2, 0}, {3, 0}, {1 | 4, 0}, {3 | 4, 0},
                    {7, 0}};
            for (int[] c : cases) {
                Rig.put(t, arg, Rig.le(8).putLong(0, c[0]));
                assertEquals(c[1], Rig.errno(t, fd, DmaBufFile.DMA_BUF_IOCTL_SYNC, arg), "flags " + c[0]);
            }
            assertEquals(EFAULT, Rig.errno(t, fd, DmaBufFile.DMA_BUF_IOCTL_SYNC, 0x1000));
            assertEquals(ENOTTY, Rig.errno(t, fd, 0x40086209, arg));
            t.mm().copyToUser(arg, "my-buffer\0".getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, Rig.errno(t, fd, DmaBufFile.DMA_BUF_SET_NAME_B, arg));
            assertEquals("my-buffer", DmaBuf.fromFile(f).name());
            t.mm().copyToUser(arg, ("x".repeat(31) + "\0").getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, Rig.errno(t, fd, DmaBufFile.DMA_BUF_SET_NAME_A, arg));
            t.mm().copyToUser(arg, ("x".repeat(32) + "\0").getBytes(StandardCharsets.US_ASCII));
            assertEquals(EINVAL, Rig.errno(t, fd, DmaBufFile.DMA_BUF_SET_NAME_A, arg));
            assertEquals(EFAULT, Rig.errno(t, fd, DmaBufFile.DMA_BUF_SET_NAME_A, 0x1000));
            DmaBuf d = DmaBuf.fromFile(f);
            DmaBufAttachment att = d.attach("dev");
            t.mm().copyToUser(arg, "n\0".getBytes(StandardCharsets.US_ASCII));
            assertEquals(EBUSY, Rig.errno(t, fd, DmaBufFile.DMA_BUF_SET_NAME_A, arg));
            d.detach(att);
            t.exit(0);
        }
    }

    @Test
    void getChecksFdsAndKernelApi() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            assertEquals(EBADF, Rig.errnoOf(() -> DmaBuf.get(t, 40)));
            assertEquals(EINVAL, Rig.errnoOf(() -> DmaBuf.get(t, ion.fd)));
            int fd = ion.share(ion.alloc(4096, 0, 1, 0));
            DmaBuf d = DmaBuf.get(t, fd);
            assertEquals(2, d.file().refcount());
            DmaBufAttachment a = d.attach("x");
            SgTable sg = d.mapAttachment(a, DmaDirection.BIDIRECTIONAL);
            assertEquals(1, sg.nents());
            assertEquals(sg.entries().get(0).phys(), sg.entries().get(0).dmaAddress());
            d.unmapAttachment(a, sg, DmaDirection.BIDIRECTIONAL);
            d.detach(a);
            assertEquals(0, d.vmap(), "4.9 ION has no vmap");
            assertEquals(0, d.kmap(0), "kmap is only valid between begin and end");
            d.beginCpuAccess(DmaDirection.BIDIRECTIONAL);
            assertNotEquals(0, d.kmap(0));
            d.endCpuAccess(DmaDirection.BIDIRECTIONAL);
            d.put();
            assertEquals(1, d.file().refcount());
            t.exit(0);
        }
    }
}
