package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import java.util.List;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.user.LibcError;
import vexmem.kernel.uapi.UserStruct;

/** Java port of ion_kernel_alloc.c (document 000 §3.3). */
public final class IonKernelAlloc implements GuestProgram {
    static final String HEAPS_DIR = "/sys/kernel/debug/ion/heaps";
    static final String CLIENTS_DIR = "/sys/kernel/debug/ion/clients";
    static final String CLIENT = "dmabuf-test-client";

    /** A line whose first token is name: its third token (size), or -1. */
    static long clientSizeIn(String text, String name) {
        for (String line : text.split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length >= 3 && t[0].equals(name)) {
                try {
                    return Long.parseLong(t[2]);
                } catch (NumberFormatException e) {
                    // not a size column
                }
            }
        }
        return -1;
    }

    /** -1 unreadable, 0 not listed (or too small), 1 listed. */
    private static int showHeap(Libc c, String heap, long expectSize) {
        String path = HEAPS_DIR + "/" + heap;
        String text;
        try {
            text = readTextFile(c, path);
        } catch (LibcError e) {
            perr(c, path, e.errno());
            return -1;
        }
        c.printf("---- %s ----\n%s", path, text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            c.printf("\n");
        }
        c.printf("---- end ----\n");
        long sz = clientSizeIn(text, CLIENT);
        if (sz < 0) {
            c.printf("%s does not list %s\n", path, CLIENT);
            return 0;
        }
        c.printf("debugfs lists %s with %d bytes in heap %s\n", CLIENT, sz, heap);
        if (sz < expectSize) {
            c.printf("listed size %d is smaller than the allocation (%d)\n", sz, expectSize);
            return 0;
        }
        return 1;
    }

    @Override
    public int main(Libc c, String[] args) {
        c.printf("ion_kernel_alloc: start\n");
        String dev = DmabufUserToKernel.DMABUF_TEST_DEV;
        long testFd = c.open(dev, O_RDONLY | O_CLOEXEC);
        if (failed(testFd)) {
            throw failErr(c, "open " + dev, "open " + dev, testFd);
        }
        UserStruct info = new UserStruct(80);
        long r = IonLib.ioctl(c, (int) testFd, DmabufUserToKernel.GET_KERNEL_INFO, info);
        if (failed(r)) {
            throw failErr(c, "DMABUF_IOC_TEST_GET_KERNEL_INFO", "GET_KERNEL_INFO", r);
        }
        long size = info.getU32(0);
        long mask = info.getU32(4);
        String clientName = cstring(java.util.Arrays.copyOf(info.getBytes(16, 32), 31));
        String heapName = cstring(java.util.Arrays.copyOf(info.getBytes(48, 32), 31));
        c.printf("kernel buffer: size=%d heap_id_mask=0x%x flags=0x%x handle=%d client=\"%s\" heap=\"%s\"\n",
                size, mask, info.getU32(8), info.getS32(12), clientName, heapName);
        if (size != 4096) {
            throw fail(c, "kernel buffer size %d, expected 4096", size);
        }
        if (!clientName.equals(CLIENT)) {
            throw fail(c, "kernel client is \"%s\", expected \"%s\"", clientName, CLIENT);
        }
        if (info.getS32(12) <= 0) {
            throw fail(c, "invalid kernel handle id %d", info.getS32(12));
        }
        if (mask != IonLib.ION_HEAP_SYSTEM_MASK) {
            c.printf("note: heap_id_mask 0x%x (document uses 0x%x)\n", mask, IonLib.ION_HEAP_SYSTEM_MASK);
        }

        UserStruct data = new UserStruct(4);
        r = IonLib.ioctl(c, (int) testFd, DmabufUserToKernel.GET_FD_FROM_KERNEL, data);
        if (failed(r)) {
            throw failErr(c, "DMABUF_IOC_TEST_GET_FD_FROM_KERNEL", "GET_FD_FROM_KERNEL", r);
        }
        int fd = data.getS32(0);
        long end = c.lseek(fd, 0, SEEK_END);
        if (failed(end)) {
            perr(c, "lseek(SEEK_END) on dma-buf", end);
        } else {
            c.printf("dma-buf fd %d size %d\n", fd, end);
            if (end != size) {
                throw fail(c, "dma-buf size %d differs from kernel buffer size %d", end, size);
            }
            c.lseek(fd, 0, SEEK_SET);
        }
        long p = c.mmap(0, size, PROT_READ, MAP_SHARED, fd, 0);
        if (failed(p)) {
            throw failErr(c, "mmap", "mmap kernel buffer", p);
        }
        byte[] buf = c.peek(p, (int) size);
        String shown = shown(buf, 15);
        c.printf("kernel buffer data: %s\n", shown);
        if (!startsWith(buf, "efgh")) {
            throw fail(c, "expected \"efgh\" in the kernel buffer, read \"%s\"", shown);
        }
        int nonzero = 0;
        for (int i = 5; i < size; i++) {
            if (buf[i] != 0) {
                nonzero++;
            }
        }
        c.printf("bytes after \"efgh\\n\" that are non-zero: %d\n", nonzero);
        c.munmap(p, size);
        c.close(fd);

        // debugfs: the kernel client's allocation must be listed.
        String heap = args.length > 0 ? args[0] : (heapName.isEmpty() ? null : heapName);
        boolean found = false;
        if (heap != null) {
            int s = showHeap(c, heap, size);
            if (s < 0) {
                throw fail(c, "cannot read %s/%s", HEAPS_DIR, heap);
            }
            found = s > 0;
        }
        if (!found) {
            List<String> names;
            try {
                names = c.listdir(HEAPS_DIR);
            } catch (LibcError e) {
                perr(c, "opendir " + HEAPS_DIR, e.errno());
                throw fail(c, "opendir %s: %s", HEAPS_DIR, errnoName(e.errno()));
            }
            c.printf("scanning %s for %s\n", HEAPS_DIR, CLIENT);
            for (String n : names) {
                if (found) {
                    break;
                }
                if (n.startsWith(".") || n.contains("_shrink") || n.equals(heap)) {
                    continue;
                }
                found = showHeap(c, n, size) > 0;
            }
        }
        String path = CLIENTS_DIR + "/" + CLIENT + "-0";
        try {
            String text = readTextFile(c, path);
            c.printf("---- %s ----\n%s---- end ----\n", path, text);
        } catch (LibcError e) {
            c.printf("note: %s not readable (%s)\n", path, errnoName(e.errno()));
        }
        c.close((int) testFd);
        if (!found) {
            throw fail(c, "debugfs does not list the kernel client's allocation");
        }
        return pass(c);
    }
}
