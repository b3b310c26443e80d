package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import java.nio.charset.StandardCharsets;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/** Java port of dmabuf_user_to_kernel.c (document 000 §3.1.1). */
public final class DmabufUserToKernel implements GuestProgram {
    static final String DMABUF_TEST_DEV = "/dev/dmabuf-test";
    static final int GET_FD_FROM_USER = 0x40044401, GET_FD_FROM_KERNEL = 0x80044402, GET_KERNEL_INFO = 0x80504403;
    static final int PAGE_SZ = 4096;

    @Override
    public int main(Libc c, String[] args) {
        c.printf("dmabuf_user_to_kernel: start\n");
        long testFd = c.open(DMABUF_TEST_DEV, O_RDONLY | O_CLOEXEC);
        if (failed(testFd)) {
            throw failErr(c, "open " + DMABUF_TEST_DEV, "open " + DMABUF_TEST_DEV, testFd);
        }
        long ionFd = c.open("/dev/ion", O_RDONLY | O_CLOEXEC);
        if (failed(ionFd)) {
            throw failErr(c, "open /dev/ion", "open /dev/ion", ionFd);
        }
        int[] buf = ionAllocAndMap(c, (int) ionFd, PAGE_SZ, IonLib.ION_HEAP_SYSTEM_MASK,
                IonLib.ION_FLAG_CACHED | IonLib.ION_FLAG_CACHED_NEEDS_SYNC);
        int handle = buf[0];
        int bufFd = buf[1];
        long r;
        c.printf("ION_IOC_ALLOC ok: handle=%d len=%d\n", handle, PAGE_SZ);
        c.printf("ION_IOC_MAP ok: dma-buf fd=%d\n", bufFd);

        long p = c.mmap(0, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, bufFd, 0);
        if (failed(p)) {
            throw failErr(c, "mmap", "mmap dma-buf", p);
        }
        c.poke(p, "abcd\n\0".getBytes(StandardCharsets.US_ASCII)); // includes the terminating NUL
        c.printf("wrote \"abcd\" to ION buffer\n");

        UserStruct data = new UserStruct(4).putU32(0, bufFd);
        r = IonLib.ioctl(c, (int) testFd, GET_FD_FROM_USER, data);
        if (failed(r)) {
            throw failErr(c, "DMABUF_IOC_TEST_GET_FD_FROM_USER", "GET_FD_FROM_USER", r);
        }
        c.printf("GET_FD_FROM_USER ok: driver read the buffer (kernel log: \"buf data:abcd\")\n");

        if (!startsWith(c.peek(p, 4), "abcd")) {
            throw fail(c, "buffer changed after the driver read it");
        }
        if (failed(r = c.munmap(p, PAGE_SZ))) {
            throw failErr(c, "munmap", "munmap", r);
        }
        if (failed(r = c.close(bufFd))) {
            throw failErr(c, "close dma-buf fd", "close dma-buf fd", r);
        }
        r = IonLib.ioctl(c, (int) ionFd, IonLib.ION_IOC_FREE, new UserStruct(IonLib.HANDLE_SIZE).putU32(0, handle));
        if (failed(r)) {
            throw failErr(c, "ION_IOC_FREE", "ION_IOC_FREE", r);
        }
        c.close((int) ionFd);
        c.close((int) testFd);
        c.printf("released buffer and devices\n");
        return pass(c);
    }
}
