package vexmem.kernel.ion;

import static org.junit.jupiter.api.Assertions.*;
import static vexmem.kernel.Errno.*;
import static vexmem.kernel.ion.IonUapi.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.kernel.dmabuf.Ioc;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.task.Task;
import vexmem.kernel.testing.Ion;
import vexmem.kernel.testing.Rig;

class IonIoctlTest {
    @Test
    void numbersMatchTheArm32Abi() {
        assertEquals(Ioc.ioc(3, 'I', 0, 20), ION_IOC_ALLOC);
        assertEquals(Ioc.ioc(3, 'I', 8, 24), ION_IOC_HEAP_QUERY);
    }

    @Test
    void allocHandlesAreLowestFreeIdsAndFreeDropsThem() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            assertEquals(1, ion.alloc(4096, 0, 1, 0));
            assertEquals(2, ion.alloc(8192, 0, 1, 0));
            assertEquals(3, ion.alloc(100, 0, 1, 0));
            assertEquals(0, ion.free(2));
            assertEquals(EINVAL, ion.free(2));
            assertEquals(EINVAL, ion.free(0));
            assertEquals(2, ion.alloc(4096, 0, 1, 0));
            t.exit(0);
        }
    }

    @Test
    void allocErrors() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            assertEquals(-EINVAL, ion.alloc(0, 0, 1, 0));
            assertEquals(-EINVAL, ion.alloc(0xFFFFF001L, 0, 1, 0), "wraps to 0 with a 32-bit size_t");
            assertEquals(-ENODEV, ion.alloc(4096, 0, 1 << 7, 0));
            assertEquals(-ENODEV, ion.alloc(4096, 0, 0, 0));
            assertEquals(-EINVAL, ion.alloc(4096, 8192, 1, 0), "system heap align > PAGE_SIZE");
            assertEquals(-EINVAL, ion.alloc(4096, 0, 1 << 4, ION_FLAG_CACHED), "mainline dma heap refuses cached");
            assertEquals(-EPERM, ion.alloc(64L << 20, 0, 1 << 4, 0), "cma failure is a bare -1");
            assertEquals(-ENOMEM, ion.alloc(8L << 20, 0, 1 << 1, 0), "contig order >= MAX_ORDER");
            t.exit(0);
        }
    }

    @Test
    void heapsAreTriedHighestIdFirstAndTheLastErrorWins() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            IonDevice dev = r.k.service(IonDevice.class);
            int h = ion.alloc(4096, 0, 0x1f, 0);
            IonClient c = dev.clients().get(dev.clients().size() - 1);
            assertEquals("cma", c.handles().get(0).buffer().heap().name());
            assertEquals(List.of(4, 3, 2, 1, 0), dev.heaps().stream().map(IonHeap::id).toList());
            // cma refuses CACHED (EINVAL), chunk next succeeds
            int h2 = ion.alloc(4096, 0, 0x18, ION_FLAG_CACHED);
            assertEquals("chunk", c.byId(h2).buffer().heap().name());
            // all fail: cma EPERM then carveout ENOMEM (8 MiB region) → last (lowest id) error
            assertEquals(-ENOMEM, ion.alloc(64L << 20, 0, 0x14, 0));
            assertEquals(-EPERM, ion.alloc(64L << 20, 0, 0x10, 0));
            assertTrue(h > 0);
            t.exit(0);
        }
    }

    @Test
    void dispatcherOrder() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            long bad = 0x1000; // unmapped
            // size > 24 → EINVAL even for unknown commands and bad pointers
            assertEquals(EINVAL, Rig.errno(t, ion.fd, Ioc.ioc(3, 'I', 9, 25), bad));
            // copy-in before the unknown-command check
            assertEquals(EFAULT, Rig.errno(t, ion.fd, Ioc.ioc(3, 'I', 9, 8), bad));
            assertEquals(ENOTTY, Rig.errno(t, ion.fd, Ioc.ioc(3, 'I', 9, 8), ion.arg));
            assertEquals(ENOTTY, Rig.errno(t, ion.fd, Ioc.ioc(3, 'I', 3, 8), ion.arg));
            assertEquals(ENOTTY, Rig.errno(t, ion.fd, ION_IOC_CUSTOM, ion.arg));
            assertEquals(EFAULT, Rig.errno(t, ion.fd, ION_IOC_ALLOC, bad));
            // FREE with handle 0: EINVAL (libion's legacy probe)
            assertEquals(EINVAL, ion.free(0));
            // ALLOC into read-only memory: copy-back fault frees the new handle
            long ro = Rig.readOnly(t);
            t.mm().mprotect(ro, 4096, Prot.PROT_READ | Prot.PROT_WRITE);
            Rig.put(t, ro, Rig.le(20).putInt(0, 4096).putInt(8, 1));
            t.mm().mprotect(ro, 4096, Prot.PROT_READ);
            assertEquals(EFAULT, Rig.errno(t, ion.fd, ION_IOC_ALLOC, ro));
            assertEquals(1, ion.alloc(4096, 0, 1, 0), "id 1 was given back");
            t.exit(0);
        }
    }

    @Test
    void heapQueryReproduces49() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            Rig.put(t, ion.arg, Rig.le(24));
            assertEquals(0, Rig.errno(t, ion.fd, ION_IOC_HEAP_QUERY, ion.arg));
            assertEquals(5, Rig.get(t, ion.arg, 4).getInt(0));
            // the u64 heaps pointer is cut to 32 bits on ARM32: 0x1_00000000 is NULL, so it only counts
            Rig.put(t, ion.arg, Rig.le(24).putLong(8, 0x100000000L));
            assertEquals(0, Rig.errno(t, ion.fd, ION_IOC_HEAP_QUERY, ion.arg));
            assertEquals(5, Rig.get(t, ion.arg, 4).getInt(0));
            long recs = Rig.scratch(t, 4096);
            Rig.put(t, ion.arg, Rig.le(24).putInt(0, 0).putLong(8, recs));
            assertEquals(EINVAL, Rig.errno(t, ion.fd, ION_IOC_HEAP_QUERY, ion.arg), "cnt 0");
            Rig.put(t, ion.arg, Rig.le(24).putInt(0, 3).putLong(8, recs));
            assertEquals(EINVAL, Rig.errno(t, ion.fd, ION_IOC_HEAP_QUERY, ion.arg), "4.9 bug: EINVAL on success");
            assertEquals(3, Rig.get(t, ion.arg, 4).getInt(0));
            var b = Rig.get(t, recs, 52 * 3);
            assertEquals("cma", new String(b.array(), 0, 3));
            assertEquals(4, b.getInt(36));
            assertEquals(3, b.getInt(52 + 36));
            assertEquals(3, b.getInt(52 + 32), "type");
            // ion_query_heaps keeps cnt in an int: 0x80000000 and above are negative, one record only
            for (int huge : new int[] {0x80000000, 0xffffffff}) {
                Rig.put(t, recs + 52, Rig.le(52));
                Rig.put(t, ion.arg, Rig.le(24).putInt(0, huge).putLong(8, recs));
                assertEquals(EINVAL, Rig.errno(t, ion.fd, ION_IOC_HEAP_QUERY, ion.arg));
                assertEquals(1, Rig.get(t, ion.arg, 4).getInt(0), "cnt 0x" + Integer.toHexString(huge));
                assertEquals(0, Rig.get(t, recs + 52, 52).getInt(36) | Rig.get(t, recs + 52, 4).getInt(0),
                        "second record untouched");
            }
            Rig.put(t, ion.arg, Rig.le(24).putInt(4, 1));
            assertEquals(EINVAL, Rig.errno(t, ion.fd, ION_IOC_HEAP_QUERY, ion.arg), "reserved");
            Rig.put(t, ion.arg, Rig.le(24).putInt(0, 3).putLong(8, 0x1000));
            assertEquals(EFAULT, Rig.errno(t, ion.fd, ION_IOC_HEAP_QUERY, ion.arg));
            t.exit(0);
        }
    }

    @Test
    void shareImportSameHandleAndOrphans() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            int base = r.k.service(IonDevice.class).buffers().size();
            int h = ion.alloc(8192, 0, 1, 0);
            int fd1 = ion.share(h);
            int fd2 = ion.share(ION_IOC_MAP, h);
            assertNotEquals(fd1, fd2);
            assertTrue(t.files().closeOnExec(fd1));
            assertEquals(-EINVAL, ion.share(99));
            assertEquals(h, ion.importFd(fd1));
            assertEquals(h, ion.importFd(fd2));
            IonDevice dev = r.k.service(IonDevice.class);
            IonClient c = (IonClient) t.files().get(ion.fd).privateData;
            assertEquals(3, c.byId(h).refcount());
            assertEquals(-EBADF, ion.importFd(77));
            assertEquals(-EINVAL, ion.importFd(ion.fd), "not a dma-buf");
            // another client gets its own handle
            Task t2 = r.task("other");
            Ion ion2 = new Ion(r, t2);
            int fdIn2 = t2.files().install(t.files().fget(fd1), false);
            assertEquals(1, ion2.importFd(fdIn2));
            ion2.close();
            t2.files().close(fdIn2);
            // sync
            Rig.put(t, ion.arg, Rig.le(8).putInt(4, fd1));
            assertEquals(0, Rig.errno(t, ion.fd, ION_IOC_SYNC, ion.arg));
            Rig.put(t, ion.arg, Rig.le(8).putInt(4, 55));
            assertEquals(EBADF, Rig.errno(t, ion.fd, ION_IOC_SYNC, ion.arg));
            // closing /dev/ion destroys all handles; dma-bufs keep the buffer as an orphan
            ion.close();
            assertEquals(base + 1, dev.buffers().size());
            String heap = r.debugfs("ion/heaps/system");
            assertTrue(heap.contains("orphaned allocations (info is from last known client):\n"
                    + String.format("%16s %16d %16d %d %d\n", "app", t.pid(), 8192, 0, 2)), heap);
            t.files().close(fd1);
            assertEquals(base + 1, dev.buffers().size());
            t.files().close(fd2);
            assertEquals(base, dev.buffers().size());
            t.exit(0);
            t2.exit(0);
        }
    }

    @Test
    void debugfsFormat() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            Ion ion = new Ion(r, t);
            ion.alloc(4096, 0, 1 << 2, 0);
            ion.alloc(8192, 0, 1 << 2, 0);
            ion.alloc(4096 * 3, 0, 1, 0);
            String dashes = "-".repeat(52) + "\n";
            String carve = r.debugfs("ion/heaps/carveout");
            assertEquals(String.format("%16s %16s %16s\n", "client", "pid", "size") + dashes
                    + String.format("%16s %16d %16d\n", "app", t.pid(), 12288) + dashes
                    + "orphaned allocations (info is from last known client):\n" + dashes
                    + String.format("%16s %16d\n", "total orphaned", 0)
                    + String.format("%16s %16d\n", "total ", 12288)
                    + String.format("%16s %16d\n", "deferred free", 0) + dashes, carve);
            String sys = r.debugfs("ion/heaps/system");
            assertTrue(sys.contains("dmabuf-test-client"), "kernel client shown by name: " + sys);
            assertTrue(sys.endsWith("0 order 0 lowmem pages cached 0 total\n"), sys);
            String cma = r.debugfs("ion/heaps/cma");
            assertFalse(cma.contains("deferred free"));
            String cl = r.debugfs("ion/clients/" + t.pid() + "-0");
            assertEquals(String.format("%16.16s: %16.16s\n", "heap_name", "size_in_bytes")
                    + String.format("%16.16s: %16d\n", "system", 12288)
                    + String.format("%16.16s: %16d\n", "carveout", 12288), cl);
            Ion second = new Ion(r, t);
            assertNotNull(r.debugfs("ion/clients/" + t.pid() + "-1"));
            second.close();
            assertNull(r.debugfs("ion/clients/" + t.pid() + "-1"));
            assertNotNull(r.debugfs("ion/clients/dmabuf-test-client-0"));
            ion.close();
            assertTrue(r.debugfs("ion/heaps/system").contains("3 order 0 lowmem pages uncached 12288 total"));
            t.exit(0);
        }
    }

    @Test
    void shutdownIsLeakFree() {
        Rig r = new Rig();
        Task t = r.task("app");
        Ion ion = new Ion(r, t);
        int h = ion.alloc(1 << 20, 0, 0x1f, 0);
        ion.share(h);
        assertEquals(List.of(), r.shutdown());
        r.k.physicalMemory().close();
    }
}
