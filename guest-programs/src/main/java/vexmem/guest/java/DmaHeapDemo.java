package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import java.util.ArrayList;
import java.util.List;
import vexmem.guest.java.DmabufHeapLib.BufferAllocator;
import vexmem.guest.java.DmabufHeapLib.SyncType;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.user.LibcError;
import vexmem.kernel.uapi.UserStruct;

/** Java port of dma_heap_demo.c (document 002). */
public final class DmaHeapDemo implements GuestProgram {
    static final int ALLOC_LEN = 1 << 20;
    static final int MAX_HEAPS = 16;
    static final String HEAP_TEST_DEV = "/dev/heap_test";
    static final int HEAP_TEST_IOCTL_MAP = 0xC0206801;

    private final List<String> heapNames = new ArrayList<>();

    private void listHeaps(Libc c) {
        List<String> names;
        try {
            names = c.listdir(DmabufHeapLib.DMA_HEAP_DEV_DIR);
        } catch (LibcError e) {
            perr(c, "opendir " + DmabufHeapLib.DMA_HEAP_DEV_DIR, e.errno());
            throw fail(c, "opendir %s: %s", DmabufHeapLib.DMA_HEAP_DEV_DIR, errnoName(e.errno()));
        }
        c.printf("heaps in %s:\n", DmabufHeapLib.DMA_HEAP_DEV_DIR);
        for (String n : names) {
            if (n.equals(".") || n.equals("..")) {
                continue;
            }
            c.printf("  %s\n", n);
            if (heapNames.size() < MAX_HEAPS && n.length() < 64) {
                heapNames.add(n);
            }
        }
    }

    private String findCmaHeap() {
        for (String n : heapNames) { // prefer an obvious CMA name
            if (n.contains("cma") || n.equals("reserved")) {
                return n;
            }
        }
        for (String n : heapNames) {
            if (!n.equals("system") && !n.equals("system-uncached")) {
                return n;
            }
        }
        return null;
    }

    private static void exercise(Libc c, BufferAllocator ba, String heap, int testFd, int seed) {
        c.printf("== heap \"%s\" ==\n", heap);
        int fd = ba.alloc(heap, ALLOC_LEN, 0);
        if (fd < 0) {
            perr(c, "DmabufHeapAlloc", fd);
            throw fail(c, "DmabufHeapAlloc(%s, %d): %s", heap, ALLOC_LEN, errnoName(fd));
        }
        long size = c.lseek(fd, 0, SEEK_END);
        if (failed(size)) {
            perr(c, "lseek(SEEK_END) (informative)", size);
        } else {
            c.lseek(fd, 0, SEEK_SET);
        }
        c.printf("alloc ok: fd=%d len=%d dma-buf size=%d\n", fd, ALLOC_LEN, size);

        long p = c.mmap(0, ALLOC_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (failed(p)) {
            perr(c, "mmap", p);
            throw fail(c, "mmap %s buffer: %s", heap, errnoName(p));
        }
        int r = ba.cpuSyncStart(fd, SyncType.READ_WRITE);
        if (r < 0) {
            throw failErr(c, "DmabufHeapCpuSyncStart", "DMA_BUF_IOCTL_SYNC start", r);
        }
        byte[] cur = c.peek(p, ALLOC_LEN);
        boolean zero = true;
        for (byte b : cur) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        c.printf("fresh buffer is zeroed: %s\n", zero ? "yes" : "no");
        byte[] pat = new byte[ALLOC_LEN];
        fillPattern(pat, seed);
        c.poke(p, pat);
        r = ba.cpuSyncEnd(fd, SyncType.READ_WRITE);
        if (r < 0) {
            throw failErr(c, "DmabufHeapCpuSyncEnd", "DMA_BUF_IOCTL_SYNC end", r);
        }
        r = ba.cpuSyncStart(fd, SyncType.READ);
        if (r < 0) {
            throw fail(c, "DMA_BUF_IOCTL_SYNC start(read): %s", errnoName(r));
        }
        long bad = checkPattern(c.peek(p, ALLOC_LEN), seed);
        ba.cpuSyncEnd(fd, SyncType.READ);
        if (bad >= 0) {
            throw fail(c, "%s: pattern mismatch at offset %d", heap, bad);
        }
        c.printf("write/verify ok (%d bytes)\n", ALLOC_LEN);

        UserStruct md = new UserStruct(32).putU32(0, fd).putU64(8, ALLOC_LEN);
        long e = IonLib.ioctl(c, testFd, HEAP_TEST_IOCTL_MAP, md);
        if (failed(e)) {
            perr(c, "HEAP_TEST_IOCTL_MAP", e);
            throw fail(c, "HEAP_TEST_IOCTL_MAP on %s buffer: %s", heap, errnoName(e));
        }
        long nents = md.getU32(4);
        long len = md.getU64(8);
        long dmaLen0 = md.getU32(24);
        c.printf("heap_test: nents=%d len=%d dma_addr=0x%08x first_len=0x%x\n", nents, len, md.getU64(16), dmaLen0);
        if (nents < 1) {
            throw fail(c, "heap_test reported an empty sg table");
        }
        if (len != ALLOC_LEN) {
            throw fail(c, "heap_test mapped %d bytes, expected %d", len, ALLOC_LEN);
        }
        if (dmaLen0 == 0 || dmaLen0 > ALLOC_LEN) {
            throw fail(c, "heap_test first sg entry length 0x%x invalid", dmaLen0);
        }
        if (nents == 1) {
            c.printf("buffer is one contiguous DMA segment\n");
        }

        r = ba.cpuSyncStart(fd, SyncType.READ);
        if (r < 0) {
            throw fail(c, "DMA_BUF_IOCTL_SYNC start(read): %s", errnoName(r));
        }
        cur = c.peek(p, ALLOC_LEN);
        for (int i = 0; i < ALLOC_LEN; i++) {
            if (cur[i] != 0) {
                throw fail(c, "%s: byte %d is 0x%02x after the driver cleared the buffer", heap, i, cur[i] & 0xff);
            }
        }
        ba.cpuSyncEnd(fd, SyncType.READ);
        c.printf("buffer cleared by driver\n");

        long u = c.munmap(p, ALLOC_LEN);
        if (failed(u)) {
            throw failErr(c, "munmap", "munmap", u);
        }
        c.close(fd);
    }

    @Override
    public int main(Libc c, String[] args) {
        c.printf("dma_heap_demo: start\n");
        listHeaps(c);
        String cma = args.length > 0 ? args[0] : findCmaHeap();
        if (cma == null) {
            throw fail(c, "no CMA heap in %s", DmabufHeapLib.DMA_HEAP_DEV_DIR);
        }
        c.printf("using CMA heap \"%s\"\n", cma);
        BufferAllocator ba = DmabufHeapLib.create(c);
        long testFd = c.open(HEAP_TEST_DEV, O_RDWR | O_CLOEXEC);
        if (failed(testFd)) {
            throw failErr(c, "open " + HEAP_TEST_DEV, "open " + HEAP_TEST_DEV, testFd);
        }
        exercise(c, ba, "system", (int) testFd, 0x51);
        exercise(c, ba, cma, (int) testFd, 0xc3);
        c.close((int) testFd);
        ba.free();
        return pass(c);
    }
}
