package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import java.nio.charset.StandardCharsets;
import vexmem.kernel.Errno;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/** Java port of vion_test.c (document 001). */
public final class VionTest implements GuestProgram {
    static final String VION_DEV = "/dev/vion_dev";
    static final String MAGIC = "ion buffer test magic string";
    static final int VION_REGISTER_ION = 0x40045601, VION_UNREGISTER_ION = 0x40045602;
    static final int BUF_SIZE = 128;

    @Override
    public int main(Libc c, String[] args) {
        c.printf("vion_test: start\n");
        int ionFd = IonLib.open(c);
        if (ionFd < 0) {
            perr(c, "ion_open", ionFd);
            throw fail(c, "open /dev/ion: %s", errnoName(ionFd));
        }
        int[] hnd = new int[1];
        int r = IonLib.alloc(c, ionFd, BUF_SIZE, 0, IonLib.ION_HEAP_SYSTEM_CONTIG_MASK,
                IonLib.ION_FLAG_CACHED | IonLib.ION_FLAG_CACHED_NEEDS_SYNC, hnd);
        if (r < 0) {
            perr(c, "ion_alloc (system_contig)", r);
            throw fail(c, "ion_alloc: %s", errnoName(r));
        }
        int[] shared = new int[1];
        r = IonLib.share(c, ionFd, hnd[0], shared);
        if (r < 0) {
            perr(c, "ion_share", r);
            throw fail(c, "ion_share: %s", errnoName(r));
        }
        int sharedFd = shared[0];
        c.printf("ION buffer: handle=%d shared fd=%d (system_contig, %d bytes)\n", hnd[0], sharedFd, BUF_SIZE);

        long testFd = c.open(VION_DEV, O_RDWR | O_CLOEXEC);
        if (failed(testFd)) {
            throw failErr(c, "open " + VION_DEV, "open " + VION_DEV, testFd);
        }
        c.printf("opened %s (fd %d)\n", VION_DEV, testFd);

        long fd2 = c.open(VION_DEV, O_RDWR | O_CLOEXEC);
        if (!failed(fd2)) {
            c.close((int) fd2);
            throw fail(c, "second open of %s succeeded, expected EBUSY", VION_DEV);
        }
        if (fd2 != -Errno.EBUSY) {
            perr(c, "second open", fd2);
            throw fail(c, "second open of %s: %s, expected EBUSY", VION_DEV, errnoName(fd2));
        }
        c.printf("second open: EBUSY (expected)\n");

        long e = IonLib.ioctl(c, (int) testFd, VION_REGISTER_ION, new UserStruct(4).putU32(0, sharedFd));
        if (failed(e)) {
            throw failErr(c, "VION_REGISTER_ION", "VION_REGISTER_ION", e);
        }
        c.printf("VION_REGISTER_ION ok\n");

        byte[] buff = new byte[BUF_SIZE];
        byte[] m = MAGIC.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, buff, 0, m.length);
        long n = c.write((int) testFd, java.util.Arrays.copyOf(buff, BUF_SIZE - 1));
        if (failed(n)) {
            throw failErr(c, "write " + VION_DEV, "write", n);
        }
        if (n == 0) {
            throw fail(c, "driver wrote 0 bytes (buffer not registered?)");
        }
        c.printf("write \"%s\" to vion driver: %d bytes\n", MAGIC, n);

        long vaddr = c.mmap(0, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, sharedFd, 0);
        if (failed(vaddr)) {
            throw failErr(c, "mmap shared fd", "mmap", vaddr);
        }
        byte[] rbuf = c.peek(vaddr, BUF_SIZE);
        rbuf[BUF_SIZE - 1] = 0;
        String back = cstring(rbuf);
        c.printf("read back: \"%s\"\n", back);
        if (!back.equals(MAGIC)) {
            throw fail(c, "buffer holds \"%s\", expected \"%s\"", back, MAGIC);
        }

        // read() in the intended direction (buffer -> user); informative only.
        byte[] rb = new byte[BUF_SIZE];
        n = c.read((int) testFd, rb, 0, BUF_SIZE - 1);
        if (failed(n)) {
            perr(c, "read " + VION_DEV + " (informative)", n);
        } else {
            c.printf("driver read(): %d bytes \"%s\"\n", n,
                    cstring(java.util.Arrays.copyOf(rb, (int) Math.max(n, 0))));
        }

        e = IonLib.ioctl(c, (int) testFd, VION_UNREGISTER_ION, new UserStruct(4).putU32(0, sharedFd));
        if (failed(e)) {
            throw failErr(c, "VION_UNREGISTER_ION", "VION_UNREGISTER_ION", e);
        }
        c.printf("VION_UNREGISTER_ION ok\n");
        c.close((int) testFd);

        fd2 = c.open(VION_DEV, O_RDWR | O_CLOEXEC);
        if (failed(fd2)) {
            perr(c, "re-open after close (informative)", fd2);
        } else {
            c.printf("re-open after close ok\n");
            c.close((int) fd2);
        }

        c.munmap(vaddr, BUF_SIZE);
        c.close(sharedFd);
        r = IonLib.free(c, ionFd, hnd[0]);
        if (r < 0) {
            perr(c, "ion_free", r);
            throw fail(c, "ion_free: %s", errnoName(r));
        }
        IonLib.close(c, ionFd);
        c.printf("ion test application terminated\n");
        return pass(c);
    }
}
