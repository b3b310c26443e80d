package vexmem.kernel.user;

import vexmem.kernel.uapi.UserStruct;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.ThreadScheduler;
import vexmem.kernel.task.WouldBlock;

/**
 * The C library of a Java guest process. Every call marshals its arguments into the task's own
 * memory (strings NUL-terminated, structs in ARM32 layout) and enters the kernel through the same
 * system-call table ARM binaries use. Raw methods return what the system call returns (-errno on
 * failure); {@link #check} turns that into a {@link LibcError}. A call that has to sleep parks the
 * task with the {@link ThreadScheduler} and is restarted when woken.
 */
public final class Libc {
    /** Thrown by {@link #exit} to unwind the guest's main. */
    public static final class Exit extends RuntimeException {
        public final int status;

        Exit(int status) {
            super("exit(" + status + ")", null, false, false);
            this.status = status;
        }
    }

    /** struct stat64, the fields programs look at. */
    public record Stat(long dev, long ino, int mode, int nlink, long rdev, long size) {
    }

    /** What recvmsg delivered: the result (bytes or -errno), the data, the received fds, msg_flags. */
    public record Msg(long result, byte[] data, int[] fds, int flags) {
    }

    private final Task task;
    private final ThreadScheduler sched;
    private final UserHeap heap;

    public Libc(Task task, ThreadScheduler sched) {
        this.task = task;
        this.sched = sched;
        this.heap = new UserHeap(len -> check(raw(Nr.mmap2, 0, len, Prot.PROT_READ | Prot.PROT_WRITE,
                Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, -1, 0), "mmap2"));
    }

    public Task task() {
        return task;
    }

    public Kernel kernel() {
        return task.kernel();
    }

    // ---------------------------------------------------------------- the trap

    /** syscall(2): the raw result; sleeps (parks the task) and restarts as the kernel asks. */
    public long syscall(int nr, long... args) {
        return raw(nr, args);
    }

    private long raw(int nr, long... args) {
        SyscallArgs a = SyscallArgs.of(args);
        while (true) {
            checkKilled();
            try {
                long r = task.kernel().syscalls().dispatch(task, nr, a);
                checkKilled();
                return r;
            } catch (WouldBlock b) {
                if (sched != null) {
                    sched.block(task, b);
                } else if (b.deadlineNanos() >= 0) {
                    // Alone on the board: a sleep just moves time forward.
                    task.kernel().clock().advanceTo(b.deadlineNanos());
                } else {
                    task.kernel().log().err("libc: %s[%d] would sleep forever with no scheduler; EINTR",
                            task.comm(), task.pid());
                    return -Errno.EINTR;
                }
            }
        }
    }

    private void checkKilled() {
        if (task.pendingSignal != 0) {
            throw new ThreadScheduler.TaskKilled(task.pendingSignal);
        }
    }

    /** The value, or a LibcError when it is -errno. */
    public static long check(long r) {
        return check(r, "syscall");
    }

    public static long check(long r, String call) {
        if (r < 0 && r >= -4095) {
            throw new LibcError((int) -r, call);
        }
        return r;
    }

    // ---------------------------------------------------------------- memory

    /** Reads user memory, as dereferencing a pointer would (EFAULT becomes a LibcError). */
    public byte[] peek(long uaddr, int len) {
        try {
            return task.mm().copyFromUser(uaddr, len);
        } catch (vexmem.kernel.KernelError e) {
            throw new LibcError(e.errno(), "peek");
        }
    }

    public void poke(long uaddr, byte[] bytes) {
        try {
            task.mm().copyToUser(uaddr, bytes);
        } catch (vexmem.kernel.KernelError e) {
            throw new LibcError(e.errno(), "poke");
        }
    }

    public UserStruct peekStruct(long uaddr, int size) {
        return new UserStruct(peek(uaddr, size));
    }

    public void poke(long uaddr, UserStruct s) {
        poke(uaddr, s.bytes());
    }

    public long malloc(long size) {
        return heap.alloc(size);
    }

    public void free(long addr) {
        if (addr != 0) {
            heap.free(addr);
        }
    }

    /** A NUL-terminated copy of s in user memory; free it with {@link #free}. */
    public long strdup(String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        long a = malloc(b.length);
        poke(a, b);
        return a;
    }

    private long withString(String s, java.util.function.LongUnaryOperator call) {
        long p = strdup(s);
        try {
            return call.applyAsLong(p);
        } finally {
            free(p);
        }
    }

    // ---------------------------------------------------------------- files

    public long open(String path, int flags, int mode) {
        return withString(path, p -> raw(Nr.openat, -100, p, flags, mode));
    }

    public long open(String path, int flags) {
        return open(path, flags, 0);
    }

    public long close(int fd) {
        return raw(Nr.close, fd);
    }

    /** read(2) into buf[off, off+len); returns the count or -errno. */
    public long read(int fd, byte[] buf, int off, int len) {
        long u = malloc(Math.max(1, len));
        try {
            long r = raw(Nr.read, fd, u, len);
            if (r > 0) {
                System.arraycopy(peek(u, (int) r), 0, buf, off, (int) r);
            }
            return r;
        } finally {
            free(u);
        }
    }

    /** Reads up to max bytes; throws on error. */
    public byte[] read(int fd, int max) {
        byte[] b = new byte[max];
        int n = (int) check(read(fd, b, 0, max), "read");
        return java.util.Arrays.copyOf(b, n);
    }

    /** Reads until EOF; throws on error. */
    public byte[] readAll(int fd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] b;
        while ((b = read(fd, 4096)).length > 0) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    public long write(int fd, byte[] data) {
        long u = malloc(Math.max(1, data.length));
        try {
            poke(u, data);
            return raw(Nr.write, fd, u, data.length);
        } finally {
            free(u);
        }
    }

    public long write(int fd, String s) {
        return write(fd, s.getBytes(StandardCharsets.UTF_8));
    }

    /** printf-lite to stdout. */
    public void printf(String fmt, Object... args) {
        check(write(1, String.format(fmt, args)), "write");
    }

    public long lseek(int fd, long off, int whence) {
        return raw(Nr.lseek, fd, off, whence);
    }

    public long ioctl(int fd, int cmd, long arg) {
        return raw(Nr.ioctl, fd, cmd, arg);
    }

    public long fcntl(int fd, int cmd, long arg) {
        return raw(Nr.fcntl64, fd, cmd, arg);
    }

    public long dup(int fd) {
        return raw(Nr.dup, fd);
    }

    public long dup2(int fd, int to) {
        return raw(Nr.dup2, fd, to);
    }

    public long dup3(int fd, int to, int flags) {
        return raw(Nr.dup3, fd, to, flags);
    }

    /** pipe2: [read, write]; throws on error. */
    public int[] pipe2(int flags) {
        long u = malloc(8);
        try {
            check(raw(Nr.pipe2, u, flags), "pipe2");
            UserStruct s = peekStruct(u, 8);
            return new int[] {s.getS32(0), s.getS32(4)};
        } finally {
            free(u);
        }
    }

    public long fstatRaw(int fd, long ustat) {
        return raw(Nr.fstat64, fd, ustat);
    }

    public Stat fstat(int fd) {
        long u = malloc(104);
        try {
            check(raw(Nr.fstat64, fd, u), "fstat64");
            return decodeStat(peekStruct(u, 104));
        } finally {
            free(u);
        }
    }

    public Stat stat(String path) {
        long u = malloc(104);
        try {
            check(withString(path, p -> raw(Nr.stat64, p, u)), "stat64");
            return decodeStat(peekStruct(u, 104));
        } finally {
            free(u);
        }
    }

    private static Stat decodeStat(UserStruct s) {
        return new Stat(s.getU64(0), s.getU64(96), s.getS32(16), s.getS32(20), s.getU64(32), s.getU64(48));
    }

    /** readlink; throws on error. */
    public String readlink(String path) {
        long buf = malloc(4096);
        try {
            long n = check(withString(path, p -> raw(Nr.readlink, p, buf, 4096)), "readlink");
            return new String(peek(buf, (int) n), StandardCharsets.UTF_8);
        } finally {
            free(buf);
        }
    }

    /** opendir + readdir with getdents64: entry names in directory order (with . and ..). */
    public List<String> listdir(String path) {
        int fd = (int) check(open(path, 0x4000 | 0x80000), "open");
        long buf = malloc(4096);
        List<String> names = new ArrayList<>();
        try {
            while (true) {
                long n = check(raw(Nr.getdents64, fd, buf, 4096), "getdents64");
                if (n == 0) {
                    return names;
                }
                UserStruct s = peekStruct(buf, (int) n);
                for (int off = 0; off < n; off += s.getU16(off + 16)) {
                    int end = off + 19;
                    while (s.getU8(end) != 0) {
                        end++;
                    }
                    names.add(new String(s.getBytes(off + 19, end - off - 19), StandardCharsets.UTF_8));
                }
            }
        } finally {
            free(buf);
            close(fd);
        }
    }

    // ---------------------------------------------------------------- memory mapping

    public long mmap(long addr, long len, int prot, int flags, int fd, long offset) {
        return raw(Nr.mmap2, addr, len, prot, flags, fd, offset >>> 12);
    }

    public long munmap(long addr, long len) {
        return raw(Nr.munmap, addr, len);
    }

    // ---------------------------------------------------------------- sockets

    public long socket(int domain, int type, int protocol) {
        return raw(Nr.socket, domain, type, protocol);
    }

    public int[] socketpair(int domain, int type, int protocol) {
        long u = malloc(8);
        try {
            check(raw(Nr.socketpair, domain, type, protocol, u), "socketpair");
            UserStruct s = peekStruct(u, 8);
            return new int[] {s.getS32(0), s.getS32(4)};
        } finally {
            free(u);
        }
    }

    private long withSockaddr(String path, java.util.function.BiFunction<Long, Integer, Long> call) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        boolean abs = path.startsWith("@");
        int len = 2 + (abs ? p.length : p.length + 1);
        UserStruct sa = new UserStruct(len).putU16(0, 1).putBytes(2, p);
        if (abs) {
            sa.putU8(2, 0);
        }
        long u = malloc(len);
        try {
            poke(u, sa);
            return call.apply(u, len);
        } finally {
            free(u);
        }
    }

    /** bind to a path ("@name" for the abstract namespace). */
    public long bind(int fd, String path) {
        return withSockaddr(path, (u, len) -> raw(Nr.bind, fd, u, len));
    }

    public long connect(int fd, String path) {
        return withSockaddr(path, (u, len) -> raw(Nr.connect, fd, u, len));
    }

    public long listen(int fd, int backlog) {
        return raw(Nr.listen, fd, backlog);
    }

    public long accept(int fd) {
        return raw(Nr.accept, fd, 0, 0);
    }

    public long accept4(int fd, int flags) {
        return raw(Nr.accept4, fd, 0, 0, flags);
    }

    public long shutdown(int fd, int how) {
        return raw(Nr.shutdown, fd, how);
    }

    public long send(int fd, byte[] data, int flags) {
        long u = malloc(Math.max(1, data.length));
        try {
            poke(u, data);
            return raw(Nr.sendto, fd, u, data.length, flags, 0, 0);
        } finally {
            free(u);
        }
    }

    /** recv up to max bytes; throws on error. */
    public byte[] recv(int fd, int max, int flags) {
        long u = malloc(Math.max(1, max));
        try {
            long n = check(raw(Nr.recvfrom, fd, u, max, flags, 0, 0), "recvfrom");
            return peek(u, (int) Math.min(n, max));
        } finally {
            free(u);
        }
    }

    /** sendmsg with one iovec and, if fds is non-empty, one SCM_RIGHTS control message. */
    public long sendmsg(int fd, byte[] data, int[] fds, int flags) {
        int ctl = fds.length == 0 ? 0 : 12 + 4 * fds.length;
        long buf = malloc(Math.max(1, data.length));
        long iov = malloc(8);
        long msg = malloc(28);
        long cmsg = ctl == 0 ? 0 : malloc(ctl);
        try {
            poke(buf, data);
            poke(iov, new UserStruct(8).putU32(0, buf).putU32(4, data.length));
            if (ctl != 0) {
                UserStruct c = new UserStruct(ctl).putU32(0, ctl).putU32(4, 1).putU32(8, 1);
                for (int i = 0; i < fds.length; i++) {
                    c.putU32(12 + 4 * i, fds[i]);
                }
                poke(cmsg, c);
            }
            poke(msg, new UserStruct(28).putU32(8, iov).putU32(12, 1).putU32(16, cmsg).putU32(20, ctl));
            return raw(Nr.sendmsg, fd, msg, flags);
        } finally {
            free(cmsg);
            free(msg);
            free(iov);
            free(buf);
        }
    }

    /** recvmsg with one iovec of maxData bytes and room for maxFds descriptors. */
    public Msg recvmsg(int fd, int maxData, int maxFds, int flags) {
        int ctl = maxFds == 0 ? 0 : 12 + 4 * maxFds;
        long buf = malloc(Math.max(1, maxData));
        long iov = malloc(8);
        long msg = malloc(28);
        long cmsg = ctl == 0 ? 0 : malloc(ctl);
        try {
            poke(iov, new UserStruct(8).putU32(0, buf).putU32(4, maxData));
            poke(msg, new UserStruct(28).putU32(8, iov).putU32(12, 1).putU32(16, cmsg).putU32(20, ctl));
            long r = raw(Nr.recvmsg, fd, msg, flags);
            if (r < 0) {
                return new Msg(r, new byte[0], new int[0], 0);
            }
            UserStruct m = peekStruct(msg, 28);
            int used = (int) m.getU32(20);
            int[] fds = new int[0];
            if (used >= 12 && cmsg != 0) {
                UserStruct c = peekStruct(cmsg, used);
                int n = ((int) c.getU32(0) - 12) / 4;
                fds = new int[n];
                for (int i = 0; i < n; i++) {
                    fds[i] = c.getS32(12 + 4 * i);
                }
            }
            return new Msg(r, peek(buf, (int) Math.min(r, maxData)), fds, (int) m.getU32(24));
        } finally {
            free(cmsg);
            free(msg);
            free(iov);
            free(buf);
        }
    }

    // ---------------------------------------------------------------- process and time

    public int getpid() {
        return (int) raw(Nr.getpid);
    }

    public long kill(int pid, int sig) {
        return raw(Nr.kill, pid, sig);
    }

    /** nanosleep for ns nanoseconds of virtual time. */
    public long nanosleep(long ns) {
        long ts = malloc(8);
        try {
            poke(ts, new UserStruct(8).putU32(0, ns / 1_000_000_000L).putU32(4, ns % 1_000_000_000L));
            return raw(Nr.nanosleep, ts, 0);
        } finally {
            free(ts);
        }
    }

    /** clock_gettime in nanoseconds; throws on error. */
    public long clockGettime(int clk) {
        long ts = malloc(8);
        try {
            check(raw(Nr.clock_gettime, clk, ts), "clock_gettime");
            UserStruct s = peekStruct(ts, 8);
            return s.getU32(0) * 1_000_000_000L + s.getU32(4);
        } finally {
            free(ts);
        }
    }

    /** wait4: {pid, wstatus} or {-errno, 0}. */
    public long[] wait4(int pid, int options) {
        long st = malloc(4);
        try {
            long r = raw(Nr.wait4, pid, st, options, 0);
            return new long[] {r, r > 0 ? peekStruct(st, 4).getS32(0) : 0};
        } finally {
            free(st);
        }
    }

    /** exit_group: ends the process; never returns. */
    public void exit(int status) {
        raw(Nr.exit_group, status);
        throw new Exit(status & 0xff);
    }
}
