package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import vexmem.kernel.Errno;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;

/**
 * Java port of dmabuf_share_service.c (document 000 §3.2, service side). Deviation: no alarm(30)
 * timeout (Java guests cannot install signal handlers); if the client never comes, the scheduler's
 * deadlock detection kills the blocked service instead.
 */
public final class DmabufShareService implements GuestProgram {
    static final String DEFAULT_SOCK = "/tmp/dmabuf_share.sock";
    static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000, MSG_CTRUNC = 0x8;
    static final int PAGE_SZ = 4096;

    static long unlink(Libc c, String path) {
        long p = c.strdup(path);
        try {
            return c.syscall(Nr.unlink, p);
        } finally {
            c.free(p);
        }
    }

    /** Receives one message; returns the passed fd or -1. */
    private static int recvFd(Libc c, int sock) {
        Libc.Msg m;
        do {
            m = c.recvmsg(sock, 100, 1, 0);
        } while (m.result() == -Errno.EINTR);
        if (failed(m.result())) {
            perr(c, "recvmsg", m.result());
            return -1;
        }
        c.printf("recvmsg: %d data bytes, controllen %d, flags 0x%x\n", m.result(), m.fds().length == 0 ? 0 : 16,
                m.flags());
        if ((m.flags() & MSG_CTRUNC) != 0) {
            c.printf("control data truncated\n");
            return -1;
        }
        if (m.fds().length != 1) {
            c.printf("no SCM_RIGHTS control message with one fd\n");
            return -1;
        }
        return m.fds()[0];
    }

    @Override
    public int main(Libc c, String[] args) {
        String path = args.length > 0 ? args[0] : DEFAULT_SOCK;
        c.printf("dmabuf_share_service: start\n");
        if (path.length() >= 108) {
            throw fail(c, "socket path too long");
        }
        long lfd = c.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (failed(lfd)) {
            throw failErr(c, "socket", "socket", lfd);
        }
        long r = unlink(c, path);
        if (failed(r) && r != -Errno.ENOENT) {
            perr(c, "unlink old socket", r);
        }
        if (failed(r = c.bind((int) lfd, path))) {
            perr(c, "bind", r);
            throw fail(c, "bind %s: %s", path, errnoName(r));
        }
        if (failed(r = c.listen((int) lfd, 5))) {
            throw failErr(c, "listen", "listen", r);
        }
        c.printf("listening on %s\n", path);

        int cfd;
        int rfd;
        while (true) {
            long a = c.accept((int) lfd);
            if (failed(a)) {
                if (a == -Errno.EINTR) {
                    continue;
                }
                throw failErr(c, "accept", "accept", a);
            }
            cfd = (int) a;
            c.printf("accepted connection (fd %d)\n", cfd);
            rfd = recvFd(c, cfd);
            if (rfd >= 0) {
                break;
            }
            c.close(cfd);
        }
        c.printf("recv fd:%d\n", rfd);

        long p = c.mmap(0, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
        if (failed(p)) {
            throw failErr(c, "mmap received fd", "mmap received dma-buf", p);
        }
        byte[] head = c.peek(p, 16);
        String shown = shown(head, 15);
        c.printf("service buffer data: %s\n", shown);
        if (!startsWith(head, "1234")) {
            c.write(cfd, new byte[] {'N'}); // best effort
            throw fail(c, "expected \"1234\", read \"%s\"", shown);
        }
        if ((r = c.write(cfd, new byte[] {'A'})) != 1) {
            throw failErr(c, "write ack", "sending ack", r);
        }
        c.printf("ack sent\n");
        if (failed(r = c.munmap(p, PAGE_SZ))) {
            throw failErr(c, "munmap", "munmap", r);
        }
        c.close(rfd);
        c.close(cfd);
        c.close((int) lfd);
        unlink(c, path);
        return pass(c);
    }
}
