package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import vexmem.kernel.Errno;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/** Java port of ion_alloc_demo.c (document 000 §2.4.1). */
public final class IonAllocDemo implements GuestProgram {
    static final int BUF_LEN = 1024 * 768 * 4;

    @Override
    public int main(Libc c, String[] args) {
        c.printf("ion_alloc_demo: start\n");
        long ionFd = c.open("/dev/ion", O_RDONLY | O_CLOEXEC);
        if (failed(ionFd)) {
            throw failErr(c, "open /dev/ion", "open /dev/ion", ionFd);
        }
        c.printf("opened /dev/ion (fd %d)\n", ionFd);

        UserStruct alloc = new UserStruct(IonLib.ALLOC_SIZE).putU32(0, BUF_LEN).putU32(4, 0)
                .putU32(8, IonLib.ION_HEAP_TYPE_DMA_MASK).putU32(12, IonLib.ION_FLAG_CACHED);
        c.printf("ION_IOC_ALLOC len=%d heap_id_mask=0x%x flags=0x%x\n", BUF_LEN, alloc.getU32(8), alloc.getU32(12));
        long r = IonLib.ioctl(c, (int) ionFd, IonLib.ION_IOC_ALLOC, alloc);
        if (failed(r)) {
            perr(c, "ION_IOC_ALLOC", r);
            if (r != -Errno.EINVAL) {
                throw fail(c, "ION_IOC_ALLOC: %s", errnoName(r));
            }
            c.printf("note: dma heap refused ION_FLAG_CACHED (EINVAL, mainline 4.9); retrying uncached\n");
            alloc.putU32(12, 0).putU32(16, 0);
            r = IonLib.ioctl(c, (int) ionFd, IonLib.ION_IOC_ALLOC, alloc);
            if (failed(r)) {
                throw failErr(c, "ION_IOC_ALLOC (uncached)", "ION_IOC_ALLOC", r);
            }
        }
        int handle = alloc.getS32(16);
        c.printf("ION_IOC_ALLOC ok: handle=%d len=%d flags=0x%x\n", handle, alloc.getU32(0), alloc.getU32(12));
        if (handle <= 0) {
            throw fail(c, "ION_IOC_ALLOC returned invalid handle %d", handle);
        }

        UserStruct fdd = new UserStruct(IonLib.FD_SIZE).putU32(0, handle).putU32(4, -1);
        r = IonLib.ioctl(c, (int) ionFd, IonLib.ION_IOC_MAP, fdd);
        if (failed(r)) {
            throw failErr(c, "ION_IOC_MAP", "ION_IOC_MAP", r);
        }
        int bufFd = fdd.getS32(4);
        c.printf("ION_IOC_MAP ok: dma-buf fd=%d\n", bufFd);

        long p = c.mmap(0, BUF_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, bufFd, 0);
        if (failed(p)) {
            throw failErr(c, "mmap", "mmap dma-buf", p);
        }
        c.printf("mmap ok at 0x%x\n", p);

        byte[] pattern = new byte[BUF_LEN];
        fillPattern(pattern, 0x1234);
        c.poke(p, pattern);
        long bad = checkPattern(c.peek(p, BUF_LEN), 0x1234);
        if (bad >= 0) {
            throw fail(c, "pattern mismatch at offset %d", bad);
        }
        c.printf("pattern verified over %d bytes\n", BUF_LEN);

        c.poke(p, new byte[BUF_LEN]);
        byte[] back = c.peek(p, BUF_LEN);
        for (int i = 0; i < BUF_LEN; i++) {
            if (back[i] != 0) {
                throw fail(c, "memset(0) not visible at offset %d", i);
            }
        }
        c.printf("memset(0) verified\n");

        if (failed(r = c.munmap(p, BUF_LEN))) {
            throw failErr(c, "munmap", "munmap", r);
        }
        if (failed(r = c.close(bufFd))) {
            throw failErr(c, "close dma-buf fd", "close dma-buf fd", r);
        }
        r = IonLib.ioctl(c, (int) ionFd, IonLib.ION_IOC_FREE, new UserStruct(IonLib.HANDLE_SIZE).putU32(0, handle));
        if (failed(r)) {
            throw failErr(c, "ION_IOC_FREE", "ION_IOC_FREE", r);
        }
        c.printf("ION_IOC_FREE ok\n");
        if (failed(r = c.close((int) ionFd))) {
            throw failErr(c, "close /dev/ion", "close /dev/ion", r);
        }
        c.printf("closed /dev/ion\n");
        return pass(c);
    }
}
