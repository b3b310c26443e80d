package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/** Java port of dmabuf_kernel_to_user.c (document 000 §3.1.2). */
public final class DmabufKernelToUser implements GuestProgram {
    static final int PAGE_SZ = 4096;

    @Override
    public int main(Libc c, String[] args) {
        c.printf("dmabuf_kernel_to_user: start\n");
        String dev = DmabufUserToKernel.DMABUF_TEST_DEV;
        long testFd = c.open(dev, O_RDONLY | O_CLOEXEC);
        if (failed(testFd)) {
            throw failErr(c, "open " + dev, "open " + dev, testFd);
        }
        UserStruct data = new UserStruct(4).putU32(0, -1);
        long r = IonLib.ioctl(c, (int) testFd, DmabufUserToKernel.GET_FD_FROM_KERNEL, data);
        if (failed(r)) {
            throw failErr(c, "DMABUF_IOC_TEST_GET_FD_FROM_KERNEL", "GET_FD_FROM_KERNEL", r);
        }
        int fd = data.getS32(0);
        c.printf("GET_FD_FROM_KERNEL ok: dma-buf fd=%d\n", fd);
        if (fd < 0) {
            throw fail(c, "driver returned invalid fd %d", fd);
        }
        long p = c.mmap(0, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (failed(p)) {
            throw failErr(c, "mmap", "mmap dma-buf", p);
        }
        byte[] head = c.peek(p, 16);
        String shown = shown(head, 15);
        c.printf("user space buffer data: %s\n", shown);
        if (!startsWith(head, "efgh")) {
            throw fail(c, "expected \"efgh\", read \"%s\"", shown);
        }
        if (failed(r = c.munmap(p, PAGE_SZ))) {
            throw failErr(c, "munmap", "munmap", r);
        }
        c.close(fd);
        c.close((int) testFd);
        return pass(c);
    }
}
