package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import java.nio.charset.StandardCharsets;
import vexmem.kernel.Errno;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/** Java port of dmabuf_share_client.c (document 000 §3.2, client side). */
public final class DmabufShareClient implements GuestProgram {
    static final int CONNECT_TRIES = 100; // x 50 ms = 5 s
    static final int PAGE_SZ = 4096;

    @Override
    public int main(Libc c, String[] args) {
        String path = args.length > 0 ? args[0] : DmabufShareService.DEFAULT_SOCK;
        c.printf("dmabuf_share_client: start\n");
        if (path.length() >= 108) {
            throw fail(c, "socket path too long");
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
        c.printf("ION buffer: handle=%d dma-buf fd=%d\n", handle, bufFd);
        long p = c.mmap(0, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, bufFd, 0);
        if (failed(p)) {
            throw failErr(c, "mmap", "mmap dma-buf", p);
        }
        c.poke(p, "1234\n\0".getBytes(StandardCharsets.US_ASCII));
        c.printf("client buffer data: %s\n", new String(c.peek(p, 4), StandardCharsets.US_ASCII));
        if (failed(r = c.munmap(p, PAGE_SZ))) {
            throw failErr(c, "munmap", "munmap", r);
        }

        int sock = -1;
        for (int i = 0; i < CONNECT_TRIES; i++) {
            long s = c.socket(DmabufShareService.AF_UNIX,
                    DmabufShareService.SOCK_STREAM | DmabufShareService.SOCK_CLOEXEC, 0);
            if (failed(s)) {
                throw failErr(c, "socket", "socket", s);
            }
            long e = c.connect((int) s, path);
            if (e == 0) {
                sock = (int) s;
                break;
            }
            c.close((int) s);
            if (e != -Errno.ENOENT && e != -Errno.ECONNREFUSED && e != -Errno.EAGAIN && e != -Errno.EINTR) {
                perr(c, "connect", e);
                throw fail(c, "connect %s: %s", path, errnoName(e));
            }
            if (i == 0) {
                c.printf("service not listening yet (%s), retrying\n", errnoName(e));
            }
            msleep(c, 50);
        }
        if (sock < 0) {
            throw fail(c, "could not connect to %s within 5 s", path);
        }
        c.printf("connected to %s\n", path);

        byte[] payload = "dmabuf\0".getBytes(StandardCharsets.US_ASCII);
        long n;
        do {
            n = c.sendmsg(sock, payload, new int[] {bufFd}, 0);
        } while (n == -Errno.EINTR);
        if (failed(n)) {
            perr(c, "sendmsg", n);
            throw fail(c, "sendmsg SCM_RIGHTS: %s", errnoName(n));
        }
        c.printf("sent fd %d (%d data bytes)\n", bufFd, n);

        byte[] ack = new byte[1];
        do {
            n = c.read(sock, ack, 0, 1);
        } while (n == -Errno.EINTR);
        if (failed(n)) {
            throw failErr(c, "read ack", "waiting for ack", n);
        }
        if (n == 0) {
            throw fail(c, "service closed the connection without ack");
        }
        if (ack[0] != 'A') {
            throw fail(c, "service rejected the buffer (ack '%c')", (char) ack[0]);
        }
        c.printf("ack received\n");

        c.close(sock);
        c.close(bufFd);
        r = IonLib.ioctl(c, (int) ionFd, IonLib.ION_IOC_FREE, new UserStruct(IonLib.HANDLE_SIZE).putU32(0, handle));
        if (failed(r)) {
            throw failErr(c, "ION_IOC_FREE", "ION_IOC_FREE", r);
        }
        c.close((int) ionFd);
        return pass(c);
    }
}
