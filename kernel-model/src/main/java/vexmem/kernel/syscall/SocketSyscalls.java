package vexmem.kernel.syscall;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.OpenFlags;
import vexmem.kernel.net.UnixAddress;
import vexmem.kernel.net.UnixSocket;
import vexmem.kernel.task.Task;

/** net/socket.c for AF_UNIX, with msghdr/cmsghdr decoding and SCM_RIGHTS fd passing. */
final class SocketSyscalls {
    static final int SOCK_NONBLOCK = OpenFlags.O_NONBLOCK, SOCK_CLOEXEC = OpenFlags.O_CLOEXEC;
    static final int SOL_SOCKET = 1, SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;
    static final int SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9,
            SO_PASSCRED = 16, SO_PEERCRED = 17, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21, SO_ACCEPTCONN = 30,
            SO_PROTOCOL = 38, SO_DOMAIN = 39;
    static final int CMSG_HDR = 12;
    /** net.core.optmem_max on a 32-bit kernel: sizeof(long) * (2 * UIO_MAXIOV + 512). */
    static final int OPTMEM_MAX = 4 * (2 * 1024 + 512);

    private SocketSyscalls() {
    }

    static UnixSocket sock(Task t, int fd) {
        return UnixSocket.of(t.files().get(fd));
    }

    static boolean nonblock(Task t, int fd, int msgFlags) {
        return (t.files().get(fd).flags() & OpenFlags.O_NONBLOCK) != 0 || (msgFlags & UnixSocket.MSG_DONTWAIT) != 0;
    }

    static UnixAddress addr(Task t, long uaddr, int len) {
        return UnixAddress.parse(rawAddr(t, uaddr, len));
    }

    /** move_addr_to_kernel: EINVAL outside 0..sizeof(struct sockaddr_storage). */
    static byte[] rawAddr(Task t, long uaddr, int len) {
        if (len < 0 || len > 128) {
            throw new KernelError(Errno.EINVAL);
        }
        return t.mm().copyFromUser(uaddr, len);
    }

    static int typeOf(int type) {
        if ((type & ~(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        return type & 0xf;
    }

    static void checkDomain(int domain, int protocol) {
        if (domain != UnixAddress.AF_UNIX) {
            throw new KernelError(Errno.EAFNOSUPPORT);
        }
        if (protocol != 0 && protocol != UnixAddress.AF_UNIX) {
            throw new KernelError(Errno.EPROTONOSUPPORT);
        }
    }

    static int installSocket(Task t, UnixSocket s, int flags) {
        File f = s.newFile(flags);
        try {
            return t.files().install(f, (flags & SOCK_CLOEXEC) != 0);
        } catch (KernelError e) {
            f.put();
            throw e;
        }
    }

    /** Writes a socket address to (uaddr, *ulen) as move_addr_to_user does: truncated copy, full length back. */
    static void putAddr(Task t, long uaddr, long ulen, UnixAddress a) {
        if (uaddr == 0) {
            return;
        }
        int len = Uaccess.u32(t, ulen);
        if (len < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        byte[] b = UnixAddress.encode(a);
        t.mm().copyToUser(uaddr, b, 0, Math.min(len, b.length));
        Uaccess.putU32(t, ulen, b.length);
    }

    static void register(Reg r) {
        r.add(Nr.socket, "socket", (t, a) -> {
            checkDomain(a.intArg(0), a.intArg(2));
            int type = a.intArg(1);
            UnixSocket s = UnixSocket.create(t.kernel(), typeOf(type), t.tgid());
            return installSocket(t, s, type);
        });
        r.add(Nr.socketpair, "socketpair", (t, a) -> {
            checkDomain(a.intArg(0), a.intArg(2));
            int type = a.intArg(1);
            if (!t.mm().accessOk(a.arg(3), 8, 2)) {
                throw new KernelError(Errno.EFAULT);
            }
            UnixSocket[] p = UnixSocket.createPair(t.kernel(), typeOf(type), t.tgid());
            FileSyscalls.installPair(t, p[0].newFile(type), p[1].newFile(type), (type & SOCK_CLOEXEC) != 0, a.arg(3));
            return 0;
        });
        r.add(Nr.bind, "bind", (t, a) -> {
            UnixSocket s = sock(t, a.intArg(0));
            byte[] raw = rawAddr(t, a.arg(1), a.intArg(2));
            if (UnixAddress.isAutobind(raw)) {
                s.autobind();
            } else {
                s.bind(t, UnixAddress.parse(raw));
            }
            return 0;
        });
        r.add(Nr.listen, "listen", (t, a) -> {
            sock(t, a.intArg(0)).listen(a.intArg(1));
            return 0;
        });
        r.add(Nr.connect, "connect", (t, a) -> {
            int fd = a.intArg(0);
            UnixSocket s = sock(t, fd);
            s.connect(t, addr(t, a.arg(1), a.intArg(2)), nonblock(t, fd, 0));
            return 0;
        });
        r.add(Nr.accept, "accept", (t, a) -> accept(t, a.intArg(0), a.arg(1), a.arg(2), 0));
        r.add(Nr.accept4, "accept4", (t, a) -> accept(t, a.intArg(0), a.arg(1), a.arg(2), a.intArg(3)));
        r.add(Nr.shutdown, "shutdown", (t, a) -> {
            sock(t, a.intArg(0)).shutdown(a.intArg(1));
            return 0;
        });
        r.add(Nr.getsockname, "getsockname", (t, a) -> {
            putAddr(t, a.arg(1), a.arg(2), sock(t, a.intArg(0)).address());
            return 0;
        });
        r.add(Nr.getpeername, "getpeername", (t, a) -> {
            putAddr(t, a.arg(1), a.arg(2), sock(t, a.intArg(0)).peerAddress());
            return 0;
        });
        r.add(Nr.sendto, "sendto", (t, a) -> {
            int fd = a.intArg(0);
            UnixSocket s = sock(t, fd);
            byte[] data = t.mm().copyFromUser(a.arg(1), (int) Math.min(a.arg(2), UnixSocket.SNDBUF + 1));
            UnixAddress to = a.arg(4) != 0 ? addr(t, a.arg(4), a.intArg(5)) : null;
            return s.send(t, data, null, to, nonblock(t, fd, a.intArg(3)), a.intArg(3));
        });
        r.add(Nr.recvfrom, "recvfrom", (t, a) -> {
            int fd = a.intArg(0);
            int flags = a.intArg(3);
            UnixSocket s = sock(t, fd);
            UnixSocket.Received got = s.recv((int) Math.min(a.arg(2), Integer.MAX_VALUE), flags, nonblock(t, fd, flags));
            for (File f : got.rights()) {
                f.put();
            }
            t.mm().copyToUser(a.arg(1), got.data());
            if (got.from() == null) {
                // unix_copy_addr: an unnamed sender gives msg_namelen 0, so *addrlen becomes 0
                if (a.arg(4) != 0) {
                    Uaccess.putU32(t, a.arg(5), 0);
                }
            } else {
                putAddr(t, a.arg(4), a.arg(5), got.from());
            }
            return (flags & UnixSocket.MSG_TRUNC) != 0 ? got.fullLength() : got.data().length;
        });
        r.add(Nr.sendmsg, "sendmsg", (t, a) -> sendmsg(t, a.intArg(0), a.arg(1), a.intArg(2)));
        r.add(Nr.recvmsg, "recvmsg", (t, a) -> recvmsg(t, a.intArg(0), a.arg(1), a.intArg(2)));
        r.add(Nr.getsockopt, "getsockopt", (t, a) -> getsockopt(t, a.intArg(0), a.intArg(1), a.intArg(2), a.arg(3), a.arg(4)));
        r.add(Nr.setsockopt, "setsockopt", (t, a) -> {
            sock(t, a.intArg(0));
            if (a.intArg(1) != SOL_SOCKET) {
                throw new KernelError(Errno.EOPNOTSUPP);
            }
            int name = a.intArg(2);
            int len = a.intArg(4);
            boolean timeval = name == SO_RCVTIMEO || name == SO_SNDTIMEO;
            if (len < (timeval ? 8 : 4)) {
                throw new KernelError(Errno.EINVAL);
            }
            return switch (name) {
                case SO_REUSEADDR, SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_PASSCRED, SO_RCVTIMEO, SO_SNDTIMEO -> 0;
                default -> throw new KernelError(Errno.ENOPROTOOPT);
            };
        });
    }

    static long accept(Task t, int fd, long uaddr, long ulen, int flags) {
        if ((flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        UnixSocket s = sock(t, fd);
        if (uaddr != 0 && !t.mm().accessOk(ulen, 4, 2)) {
            throw new KernelError(Errno.EFAULT);
        }
        UnixSocket c = s.accept(nonblock(t, fd, 0));
        int nfd = installSocket(t, c, flags);
        putAddr(t, uaddr, ulen, c.peerAddress());
        return nfd;
    }

    /** Parsed struct msghdr (28 bytes on ARM32). */
    record MsgHdr(long name, int namelen, long iov, int iovlen, long control, int controllen) {
        static MsgHdr read(Task t, long umsg) {
            ByteBuffer b = Uaccess.read(t, umsg, 28);
            return new MsgHdr(b.getInt(0) & 0xffffffffL, b.getInt(4), b.getInt(8) & 0xffffffffL, b.getInt(12),
                    b.getInt(16) & 0xffffffffL, b.getInt(20));
        }

        long[][] iovecs(Task t) {
            if (iovlen < 0 || iovlen > FileSyscalls.IOV_MAX) {
                throw new KernelError(Errno.EMSGSIZE);
            }
            ByteBuffer v = Uaccess.read(t, iov, iovlen * 8);
            long[][] out = new long[iovlen][];
            for (int i = 0; i < iovlen; i++) {
                out[i] = new long[] {v.getInt(i * 8) & 0xffffffffL, v.getInt(i * 8 + 4) & 0xffffffffL};
            }
            return out;
        }
    }

    /**
     * ____sys_sendmsg then __scm_send: iovecs (EMSGSIZE), the control buffer (ENOBUFS past optmem_max),
     * each cmsghdr (EINVAL, EBADF), and only then the data, so a bad control message wins over a bad
     * data pointer. Control messages at levels other than SOL_SOCKET are skipped, as __scm_send does.
     */
    static long sendmsg(Task t, int fd, long umsg, int flags) {
        UnixSocket s = sock(t, fd);
        MsgHdr m = MsgHdr.read(t, umsg);
        long[][] iov = m.iovecs(t);
        long total = 0;
        for (long[] v : iov) {
            total += v[1];
        }
        if (total > UnixSocket.SNDBUF * 4L) {
            throw new KernelError(Errno.EMSGSIZE);
        }
        List<File> rights = new ArrayList<>();
        if (m.controllen != 0) {
            // sock_kmalloc refuses sizes >= optmem_max; msg_controllen > INT_MAX is ENOBUFS too.
            if (m.controllen < 0 || m.controllen >= OPTMEM_MAX) {
                throw new KernelError(Errno.ENOBUFS);
            }
            ByteBuffer c = Uaccess.read(t, m.control, m.controllen);
            int p = 0;
            while (p + CMSG_HDR <= m.controllen) {
                int len = c.getInt(p);
                int level = c.getInt(p + 4);
                int type = c.getInt(p + 8);
                if (len < CMSG_HDR || len > m.controllen - p) {
                    throw new KernelError(Errno.EINVAL);
                }
                if (level == SOL_SOCKET) {
                    if (type == SCM_RIGHTS) {
                        int n = (len - CMSG_HDR) / 4;
                        if (rights.size() + n > UnixSocket.SCM_MAX_FD) {
                            throw new KernelError(Errno.EINVAL);
                        }
                        for (int i = 0; i < n; i++) {
                            rights.add(t.files().get(c.getInt(p + CMSG_HDR + 4 * i)));
                        }
                    } else if (type != SCM_CREDENTIALS) {
                        throw new KernelError(Errno.EINVAL);
                    }
                }
                p += (len + 3) & ~3;
            }
        }
        byte[] data = new byte[(int) total];
        int off = 0;
        for (long[] v : iov) {
            t.mm().copyFromUser(v[0], data, off, (int) v[1]);
            off += (int) v[1];
        }
        UnixAddress to = m.name != 0 && m.namelen > 0 ? addr(t, m.name, m.namelen) : null;
        return s.send(t, data, rights, to, nonblock(t, fd, flags), flags);
    }

    static long recvmsg(Task t, int fd, long umsg, int flags) {
        UnixSocket s = sock(t, fd);
        MsgHdr m = MsgHdr.read(t, umsg);
        long[][] iov = m.iovecs(t);
        long total = 0;
        for (long[] v : iov) {
            total += v[1];
        }
        UnixSocket.Received got = s.recv((int) Math.min(total, Integer.MAX_VALUE), flags, nonblock(t, fd, flags));
        int msgFlags = 0;
        byte[] data = got.data();
        int off = 0;
        for (long[] v : iov) {
            int n = (int) Math.min(v[1], data.length - off);
            if (n <= 0) {
                break;
            }
            t.mm().copyToUser(v[0], data, off, n);
            off += n;
        }
        if (got.fullLength() > data.length && s.type() != UnixSocket.SOCK_STREAM) {
            msgFlags |= UnixSocket.MSG_TRUNC;
        }
        // scm_detach_fds: install as many files as the control buffer holds; the rest are dropped.
        List<File> files = got.rights();
        int room = m.control == 0 ? 0 : Math.max(0, (m.controllen - CMSG_HDR) / 4);
        int n = Math.min(room, files.size());
        int used = 0;
        if (files.size() > n) {
            msgFlags |= UnixSocket.MSG_CTRUNC;
        }
        boolean cloexec = (flags & UnixSocket.MSG_CMSG_CLOEXEC) != 0;
        int[] fds = new int[n];
        int installed = 0;
        try {
            for (; installed < n; installed++) {
                fds[installed] = t.files().install(files.get(installed), cloexec);
            }
        } catch (KernelError e) {
            msgFlags |= UnixSocket.MSG_CTRUNC;
        }
        for (int i = installed; i < files.size(); i++) {
            files.get(i).put();
        }
        if (installed > 0) {
            int len = CMSG_HDR + 4 * installed;
            ByteBuffer c = Uaccess.le(len);
            c.putInt(0, len).putInt(4, SOL_SOCKET).putInt(8, SCM_RIGHTS);
            for (int i = 0; i < installed; i++) {
                c.putInt(CMSG_HDR + 4 * i, fds[i]);
            }
            Uaccess.write(t, m.control, c);
            used = Math.min(m.controllen, (len + 3) & ~3);
        }
        Uaccess.putU32(t, umsg + 20, used);
        Uaccess.putU32(t, umsg + 24, msgFlags);
        if (m.name != 0) {
            byte[] a = UnixAddress.encode(got.from());
            int len = Math.min(Math.max(m.namelen, 0), a.length);
            t.mm().copyToUser(m.name, a, 0, len);
            Uaccess.putU32(t, umsg + 4, got.from() == null ? 0 : a.length);
        }
        return (flags & UnixSocket.MSG_TRUNC) != 0 && s.type() != UnixSocket.SOCK_STREAM ? got.fullLength() : data.length;
    }

    static long getsockopt(Task t, int fd, int level, int name, long uval, long ulen) {
        UnixSocket s = sock(t, fd);
        if (level != SOL_SOCKET) {
            throw new KernelError(Errno.EOPNOTSUPP);
        }
        int len = Uaccess.u32(t, ulen);
        if (len < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        ByteBuffer v;
        if (name == SO_PEERCRED) {
            v = Uaccess.le(12).putInt(0, s.peerPid()).putInt(4, 0).putInt(8, 0);
        } else {
            int val = switch (name) {
                case SO_TYPE -> s.type();
                case SO_ERROR, SO_REUSEADDR, SO_KEEPALIVE, SO_PASSCRED -> 0;
                case SO_SNDBUF, SO_RCVBUF -> UnixSocket.SNDBUF;
                case SO_ACCEPTCONN -> s.isListening() ? 1 : 0;
                case SO_PROTOCOL -> 0;
                case SO_DOMAIN -> UnixAddress.AF_UNIX;
                default -> throw new KernelError(Errno.ENOPROTOOPT);
            };
            v = Uaccess.le(4).putInt(0, val);
        }
        int n = Math.min(len, v.capacity());
        t.mm().copyToUser(uval, v.array(), 0, n);
        Uaccess.putU32(t, ulen, n);
        return 0;
    }
}
