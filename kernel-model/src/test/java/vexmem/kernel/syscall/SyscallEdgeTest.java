package vexmem.kernel.syscall;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.TestBoards;
import vexmem.kernel.task.Task;
import vexmem.kernel.uapi.UserStruct;
import vexmem.kernel.user.Libc;

/** Hostile arguments and Linux errno precedence at the system call boundary. */
class SyscallEdgeTest {
    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_APPEND = 0x400, O_DIRECTORY = 0x4000;
    static final long HUGE = 0x7fffffffL;

    Kernel k;
    Task t;
    Libc c;

    @BeforeEach
    void boot() {
        k = TestBoards.boot();
        t = k.tasks().create("t", null);
        c = new Libc(t, null);
    }

    @AfterEach
    void down() {
        t.exit(0);
        k.close();
    }

    /** A msghdr with one iovec of {@code len} bytes at {@code buf} and the given control buffer. */
    long msghdr(long buf, long len, long control, long controllen) {
        long iov = c.malloc(8);
        c.poke(iov, new UserStruct(8).putU32(0, buf).putU32(4, len));
        long msg = c.malloc(28);
        c.poke(msg, new UserStruct(28).putU32(8, iov).putU32(12, 1).putU32(16, control).putU32(20, controllen));
        return msg;
    }

    @Test
    void hugeCountsGiveAnErrnoOrABoundedResultNeverAnOutOfMemoryError() {
        long buf = c.malloc(4096);
        int[] sv = c.socketpair(1, 1, 0);
        // msg_controllen is bounded by optmem_max (sock_kmalloc): ENOBUFS, not a 2 GiB copy.
        assertEquals(-Errno.ENOBUFS, c.syscall(Nr.sendmsg, sv[0], msghdr(buf, 1, buf, HUGE), 0));
        assertEquals(-Errno.ENOBUFS, c.syscall(Nr.sendmsg, sv[0], msghdr(buf, 1, buf, 0x80000000L), 0));
        assertEquals(-Errno.ENOBUFS, c.syscall(Nr.sendmsg, sv[0], msghdr(buf, 1, buf, 10240), 0));
        assertEquals(-Errno.EMSGSIZE, c.syscall(Nr.sendmsg, sv[0], msghdr(buf, HUGE, 0, 0), 0));
        long r = c.syscall(Nr.sendto, sv[0], buf, HUGE, 0, 0, 0);
        assertTrue(r == -Errno.EFAULT || r == -Errno.EMSGSIZE || r > 0, "sendto " + r);
        int[] sv2 = c.socketpair(1, 1, 0);
        assertEquals(1, c.write(sv2[0], new byte[] {7}));
        assertEquals(1, c.syscall(Nr.recvfrom, sv2[1], buf, HUGE, 0, 0, 0));
        int zero = (int) c.open("/dev/zero", O_RDONLY);
        r = c.syscall(Nr.read, zero, buf, HUGE);
        assertTrue(r == -Errno.EFAULT || r > 0, "read " + r);
        r = c.syscall(Nr.getrandom, buf, HUGE, 0);
        assertTrue(r == -Errno.EFAULT || r > 0, "getrandom " + r);
        int f = (int) c.open("/tmp/f", O_CREAT | O_RDWR, 0644);
        r = c.syscall(Nr.write, f, buf, HUGE);
        assertTrue(r == -Errno.EFAULT || r == -Errno.EFBIG || r > 0, "write " + r);
        assertEquals(-Errno.EINVAL, c.syscall(Nr.readv, zero, buf, HUGE));
        assertEquals(-Errno.EINVAL, c.syscall(Nr.writev, f, buf, -1));
        int dir = (int) c.open("/", O_RDONLY | O_DIRECTORY);
        assertTrue(c.syscall(Nr.getdents64, dir, buf, HUGE) > 0);
        assertEquals(-Errno.EINVAL, c.syscall(Nr.poll, buf, HUGE, 0));
        r = c.syscall(Nr._newselect, HUGE, 0, 0, 0, 0);
        assertTrue(r == 0 || r == -Errno.EINTR, "select " + r);
        assertEquals(java.util.List.of(), k.bugs(), "no handler crashed");
    }

    @Test
    void sendmsgSkipsForeignLevelsAndEmptyRightsLikeScmSend() {
        int[] sv = c.socketpair(1, 1, 0);
        long buf = c.malloc(64);
        c.poke(buf, new byte[] {'x'});
        long ctl = c.malloc(32);
        // level IPPROTO_IP (0), type 1: __scm_send skips it; then SCM_RIGHTS with no fds (scm_fp_copy: 0).
        c.poke(ctl, new UserStruct(24).putU32(0, 12).putU32(4, 0).putU32(8, 1).putU32(12, 12).putU32(16, 1).putU32(20, 1));
        assertEquals(1, c.syscall(Nr.sendmsg, sv[0], msghdr(buf, 1, ctl, 24), 0));
        // A malformed control message is EINVAL even when the data pointer is bad too.
        c.poke(ctl, new UserStruct(12).putU32(0, 40).putU32(4, 1).putU32(8, 1));
        assertEquals(-Errno.EINVAL, c.syscall(Nr.sendmsg, sv[0], msghdr(0, 1, ctl, 12), 0));
    }

    @Test
    void readvWritevRejectANegativeIovLenBeforeTransferringAnything() {
        int f = (int) c.open("/tmp/v", O_CREAT | O_RDWR, 0644);
        long buf = c.malloc(16);
        c.poke(buf, "abcd".getBytes());
        long iov = c.malloc(16);
        c.poke(iov, new UserStruct(16).putU32(0, buf).putU32(4, 4).putU32(8, buf).putU32(12, 0x80000000L));
        assertEquals(-Errno.EINVAL, c.syscall(Nr.writev, f, iov, 2));
        assertEquals(0, c.fstat(f).size(), "nothing written");
        c.poke(iov, new UserStruct(16).putU32(0, buf).putU32(4, 4).putU32(8, buf).putU32(12, 0xffffffffL));
        assertEquals(-Errno.EINVAL, c.syscall(Nr.readv, f, iov, 2));
    }

    @Test
    void pwriteOnAnAppendFileAppendsAndANegativeOffsetIsEinvalFirst() {
        int f = (int) c.open("/tmp/a", O_CREAT | O_RDWR | O_APPEND, 0644);
        assertEquals(3, c.write(f, "abc"));
        long buf = c.malloc(8);
        c.poke(buf, "XY".getBytes());
        assertEquals(2, c.syscall(Nr.pwrite64, f, buf, 2, 0, 0, 0));
        assertEquals(3, c.lseek(f, 0, 1), "pwrite leaves the position alone");
        assertEquals(5, c.fstat(f).size(), "Linux appends even though the offset is 0");
        assertEquals(0, c.lseek(f, 0, 0));
        assertEquals("abcXY", new String(c.read(f, 16)));
        int[] p = c.pipe2(0);
        assertEquals(-Errno.EINVAL, c.syscall(Nr.pread64, p[0], buf, 1, 0, -1, -1), "EINVAL before ESPIPE");
        assertEquals(-Errno.EINVAL, c.syscall(Nr.pread64, 99, buf, 1, 0, -1, -1), "EINVAL before EBADF");
        assertEquals(-Errno.ESPIPE, c.syscall(Nr.pread64, p[0], buf, 1, 0, 0, 0));
    }

    @Test
    void ftruncateOfADirectoryIsEinvalAndANegativeLengthBeatsEbadf() {
        int d = (int) c.open("/tmp", O_RDONLY | O_DIRECTORY);
        assertEquals(-Errno.EINVAL, c.syscall(Nr.ftruncate, d, 0), "do_sys_ftruncate: !S_ISREG is EINVAL");
        assertEquals(-Errno.EINVAL, c.syscall(Nr.ftruncate, 99, -1));
        assertEquals(-Errno.EBADF, c.syscall(Nr.ftruncate, 99, 0));
        int f = (int) c.open("/tmp/t", O_CREAT | O_RDONLY, 0644);
        assertEquals(-Errno.EINVAL, c.syscall(Nr.ftruncate, f, 0), "not open for writing");
    }

    @Test
    void bindWithOnlyTheFamilyAutobindsAnAbstractName() {
        int s = (int) c.socket(1, 2, 0);
        long sa = c.malloc(128);
        long len = c.malloc(4);
        c.poke(sa, new byte[] {1, 0});
        assertEquals(0, c.syscall(Nr.bind, s, sa, 2));
        c.poke(len, new UserStruct(4).putU32(0, 128));
        assertEquals(0, c.syscall(Nr.getsockname, s, sa, len));
        assertEquals(8, c.peekStruct(len, 4).bytes()[0], "family + NUL + five hex digits");
        byte[] name = c.peek(sa, 8);
        assertEquals(0, name[2]);
        assertTrue(new String(name, 3, 5).matches("[0-9a-f]{5}"), new String(name, 3, 5));
        assertEquals(0, c.syscall(Nr.bind, s, sa, 2), "already bound: autobind keeps the name");
        c.poke(sa, new byte[] {1, 0});
        assertEquals(-Errno.EINVAL, c.syscall(Nr.connect, s, sa, 2), "only bind autobinds; unix_mkname refuses 2");
    }

    @Test
    void recvfromAnUnnamedSenderGivesAddrlenZero() {
        int[] sv = c.socketpair(1, 2, 0);
        assertEquals(1, c.write(sv[0], new byte[] {1}));
        long buf = c.malloc(128);
        long len = c.malloc(4);
        c.poke(len, new UserStruct(4).putU32(0, 128));
        assertEquals(1, c.syscall(Nr.recvfrom, sv[1], buf, 16, 0, buf + 16, len));
        assertEquals(0, c.peekStruct(len, 4).bytes()[0]);
    }

    @Test
    void directoryLseekSupportsSeekCurAndGetdentsResumesThere() {
        int d = (int) c.open("/", O_RDONLY | O_DIRECTORY);
        long buf = c.malloc(4096);
        assertTrue(c.syscall(Nr.getdents64, d, buf, 4096) > 0);
        long end = c.lseek(d, 0, 1);
        assertTrue(end > 0, "SEEK_CUR reports the position: " + end);
        assertEquals(0, c.syscall(Nr.getdents64, d, buf, 4096), "at the end");
        assertEquals(-Errno.EINVAL, c.lseek(d, 0, 2), "SEEK_END");
        assertEquals(-Errno.EINVAL, c.lseek(d, -1000, 1));
        assertEquals(0, c.lseek(d, 0, 0));
        assertEquals(-Errno.EISDIR, c.syscall(Nr.read, d, buf, 16));
    }

    @Test
    void emptyPathsAndStatFlagsAreCheckedLikeLinux() {
        int d = (int) c.open("/tmp", O_RDONLY | O_DIRECTORY);
        long st = c.malloc(256);
        long empty = c.strdup("");
        long dot = c.strdup(".");
        assertEquals(-Errno.ENOENT, c.syscall(Nr.openat, d, empty, O_RDONLY, 0), "\"\" is not the directory");
        assertEquals(-Errno.ENOENT, c.syscall(Nr.fstatat64, d, empty, st, 0));
        assertEquals(0, c.syscall(Nr.fstatat64, d, empty, st, 0x1000), "AT_EMPTY_PATH");
        assertEquals(-Errno.EINVAL, c.syscall(Nr.fstatat64, d, dot, st, 0x4000));
        assertEquals(0, c.syscall(Nr.statx, d, dot, 0x800, 0x7ff, st));
        assertEquals(-Errno.EINVAL, c.syscall(Nr.statx, d, dot, 0x6000, 0x7ff, st), "both sync types");
        assertEquals(-Errno.EINVAL, c.syscall(Nr.statx, d, dot, 0, 0x80000000L, st), "STATX__RESERVED");
    }

    @Test
    void epipeOnAPipeOrAStreamSocketRaisesSigpipeUnlessMsgNosignal() {
        int[] sv = c.socketpair(1, 1, 0);
        c.close(sv[1]);
        assertEquals(-Errno.EPIPE, c.send(sv[0], new byte[] {1}, 0x4000), "MSG_NOSIGNAL");
        assertEquals(0, t.pendingSignal);
        int[] q = c.pipe2(0);
        c.close(q[0]);
        assertThrows(vexmem.kernel.task.ThreadScheduler.TaskKilled.class, () -> c.write(q[1], "x"));
        assertEquals(13, t.pendingSignal, "SIGPIPE's default action terminates the writer");
    }

    @Test
    void killOfAnUnreapedZombieSucceedsAndEsrchOnlyAfterReaping() {
        Task child = k.tasks().fork(t);
        child.exit(0);
        assertEquals(Task.State.ZOMBIE, child.state());
        assertEquals(0, c.kill(child.pid(), 0), "the pid still exists");
        assertEquals(0, c.kill(child.pid(), 15));
        assertEquals(child.pid(), c.wait4(child.pid(), 0)[0]);
        assertEquals(-Errno.ESRCH, c.kill(child.pid(), 0));
    }

    @Test
    void getrandomReturnsAtMostIntMaxShiftedBySixBytes() {
        long len = 32L << 20;
        long buf = Libc.check(c.mmap(0, len, 3, 0x22, -1, 0));
        assertEquals(0x1ffffff, c.syscall(Nr.getrandom, buf, len, 0));
        assertEquals(0x1ffffff, c.syscall(Nr.getrandom, buf, HUGE, 0));
    }

    @Test
    void procNamesAreCanonicalDecimalNumbers() {
        String pid = Integer.toString(t.pid());
        assertTrue(c.open("/proc/" + pid + "/comm", O_RDONLY) >= 0);
        assertEquals(-Errno.ENOENT, c.open("/proc/0" + pid + "/comm", O_RDONLY), "leading zero");
        assertEquals(-Errno.ENOENT, c.open("/proc/+" + pid + "/comm", O_RDONLY), "sign");
        assertEquals("/dev/null", new String(readlinkRaw("/proc/self/fd/" + c.open("/dev/null", O_RDONLY))));
        assertEquals(-Errno.ENOENT, c.open("/proc/self/fd/00", O_RDONLY));
    }

    byte[] readlinkRaw(String path) {
        long p = c.strdup(path);
        long buf = c.malloc(256);
        int n = (int) Libc.check(c.syscall(Nr.readlink, p, buf, 256));
        return c.peek(buf, n);
    }

    @Test
    void selectAndPpollWriteTheTimeLeftBack() {
        int[] p = c.pipe2(0);
        long set = c.malloc(4);
        long tv = c.malloc(16);
        c.poke(set, new UserStruct(4).putU32(0, 1L << p[0]));
        c.poke(tv, new UserStruct(8).putU32(0, 1).putU32(4, 500_000));
        assertEquals(0, c.syscall(Nr._newselect, p[0] + 1, set, 0, 0, tv), "timed out");
        assertArrayEquals(new byte[8], c.peek(tv, 8), "select leaves {0, 0} after a timeout");
        assertEquals(1, c.write(p[1], "x"));
        c.poke(set, new UserStruct(4).putU32(0, 1L << p[0]));
        c.poke(tv, new UserStruct(8).putU32(0, 2).putU32(4, 0));
        assertEquals(1, c.syscall(Nr._newselect, p[0] + 1, set, 0, 0, tv));
        int sec = c.peekStruct(tv, 8).getS32(0);
        int usec = c.peekStruct(tv, 8).getS32(4);
        assertTrue(sec == 1 && usec > 900_000 || sec == 2 && usec == 0, sec + "." + usec);
        long fds = c.malloc(8);
        c.poke(fds, new UserStruct(8).putU32(0, p[1]).putU32(4, 0)); // POLLIN on the write end: never
        c.poke(tv, new UserStruct(8).putU32(0, 0).putU32(4, 250_000_000));
        assertEquals(0, c.syscall(Nr.ppoll, fds, 1, tv, 0, 8));
        assertArrayEquals(new byte[8], c.peek(tv, 8), "ppoll leaves {0, 0} after a timeout");
    }

    @Test
    void wait4WithABadStatusPointerStillReapsTheChild() {
        Task child = k.tasks().fork(t);
        child.exit(7);
        assertEquals(-Errno.EFAULT, c.syscall(Nr.wait4, child.pid(), 16, 0, 0), "status at an unmapped address");
        assertNull(k.tasks().get(child.pid()), "wait_task_zombie released it anyway");
        assertEquals(-Errno.ECHILD, c.syscall(Nr.wait4, -1, 0, 1, 0));
    }

    @Test
    void fionreadOnPipesSocketsAndRegularFiles() {
        long n = c.malloc(4);
        int[] p = c.pipe2(0);
        assertEquals(3, c.write(p[1], "abc"));
        assertEquals(0, c.ioctl(p[0], 0x541B, n));
        assertEquals(3, c.peekStruct(n, 4).getS32(0));
        assertEquals(0, c.ioctl(p[1], 0x541B, n), "either end");
        int[] st = c.socketpair(1, 1, 0);
        c.write(st[0], "hello");
        c.write(st[0], "!!");
        assertEquals(0, c.ioctl(st[1], 0x541B, n));
        assertEquals(7, c.peekStruct(n, 4).getS32(0), "a stream counts everything queued");
        int[] dg = c.socketpair(1, 2, 0);
        c.write(dg[0], "hello");
        c.write(dg[0], "!!");
        assertEquals(0, c.ioctl(dg[1], 0x541B, n));
        assertEquals(5, c.peekStruct(n, 4).getS32(0), "a datagram socket: the next datagram");
        int f = (int) c.open("/tmp/r", O_CREAT | O_RDWR, 0644);
        c.write(f, "0123456789");
        c.lseek(f, 4, 0);
        assertEquals(0, c.ioctl(f, 0x541B, n));
        assertEquals(6, c.peekStruct(n, 4).getS32(0));
        assertEquals(-Errno.ENOTTY, c.ioctl(p[0], 0x5401, n), "TCGETS on a pipe");
    }
}
