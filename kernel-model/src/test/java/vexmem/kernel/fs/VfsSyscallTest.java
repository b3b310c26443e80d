package vexmem.kernel.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.TestBoards;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.task.Task;
import vexmem.kernel.user.Libc;

/** One process, no scheduler: fd table, open errors, directories, tmpfs files, procfs, debugfs, pipes. */
class VfsSyscallTest {
    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200,
            O_APPEND = 0x400, O_NONBLOCK = 0x800, O_DIRECTORY = 0x4000, O_CLOEXEC = 0x80000;

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

    @Test
    void fdTableLowestFreeDup2AndCloexec() {
        assertEquals(0, c.open("/dev/null", O_RDONLY));
        assertEquals(1, c.open("/dev/zero", O_RDONLY));
        assertEquals(2, c.open("/dev/null", O_RDWR | O_CLOEXEC));
        assertEquals(0, c.close(0));
        assertEquals(0, c.open("/dev/urandom", O_RDONLY));
        assertEquals(1, c.fcntl(2, 1, 0), "FD_CLOEXEC from O_CLOEXEC");
        assertEquals(0, c.fcntl(1, 1, 0));
        // dup2 over an open fd closes it first; the new fd does not inherit close-on-exec.
        assertEquals(1, c.dup2(2, 1));
        assertEquals(0, c.fcntl(1, 1, 0));
        assertEquals(c.fstat(2).ino(), c.fstat(1).ino());
        assertEquals(-Errno.EBADF, c.dup2(9, 1));
        assertEquals(1, c.dup2(1, 1));
        assertEquals(-Errno.EINVAL, c.dup3(1, 1, 0));
        assertEquals(3, c.dup(0));
        assertEquals(7, c.fcntl(0, 1030, 7), "F_DUPFD_CLOEXEC at >= 7");
        assertEquals(1, c.fcntl(7, 1, 0));
        assertEquals(-Errno.EBADF, c.close(42));
    }

    @Test
    void openErrorsMatchLinux() {
        assertEquals(-Errno.ENOENT, c.open("/nope", O_RDONLY));
        assertEquals(-Errno.ENOENT, c.open("/tmp/missing/x", O_CREAT | O_WRONLY, 0644));
        assertEquals(-Errno.ENOTDIR, c.open("/dev/null/x", O_RDONLY));
        assertEquals(-Errno.EISDIR, c.open("/dev", O_WRONLY));
        assertEquals(-Errno.ENOTDIR, c.open("/dev/null", O_RDONLY | O_DIRECTORY));
        assertTrue(c.open("/tmp/a", O_CREAT | O_EXCL | O_WRONLY, 0644) >= 0);
        assertEquals(-Errno.EEXIST, c.open("/tmp/a", O_CREAT | O_EXCL | O_WRONLY, 0644));
        assertEquals(-Errno.EACCES, c.open("/proc/meminfo", O_WRONLY));
        int s = (int) Libc.check(c.socket(1, 1, 0));
        assertEquals(0, c.bind(s, "/tmp/sock"));
        assertEquals(-Errno.ENXIO, c.open("/tmp/sock", O_RDONLY));
        int s2 = (int) Libc.check(c.socket(1, 1, 0));
        assertEquals(-Errno.EADDRINUSE, c.bind(s2, "/tmp/sock"));
        assertEquals(-Errno.ECONNREFUSED, c.connect(s2, "/tmp/sock"), "bound but not listening");
        assertEquals(-Errno.ENOENT, c.connect(s2, "/tmp/nosock"));
        assertEquals(-Errno.ECONNREFUSED, c.connect(s2, "/tmp/a"), "not a socket");
    }

    @Test
    void getdentsListsDevAndDmaHeapClass() {
        k.service(CharDevices.class).register("dma_heap/test-heap", 253, 7, new FileOperations() { });
        List<String> dev = c.listdir("/dev");
        assertTrue(dev.containsAll(List.of(".", "..", "dma_heap", "null", "urandom", "zero")), dev.toString());
        assertTrue(c.listdir("/dev/dma_heap").contains("test-heap"));
        Libc.Stat st = c.stat("/dev/dma_heap/test-heap");
        assertEquals(Inode.S_IFCHR, st.mode() & Inode.S_IFMT);
        assertEquals(Inode.mkdev(253, 7), st.rdev());
        assertEquals(Inode.S_IFDIR, c.stat("/dev/dma_heap").mode() & Inode.S_IFMT);
    }

    @Test
    void miscMinorsCountDownFrom63() {
        MiscDevices misc = k.service(MiscDevices.class);
        // The board's drivers already took the first dynamic minors (63 downwards).
        int first = misc.register("first", new FileOperations() { });
        assertTrue(first < 63 && first > 0);
        assertEquals(first - 1, misc.register("other", new FileOperations() { }));
        misc.deregister("first");
        assertEquals(first, misc.register("again", new FileOperations() { }));
        assertEquals(Inode.mkdev(10, first - 1), c.stat("/dev/other").rdev());
        assertThrows(vexmem.kernel.KernelError.class, () -> misc.register("other", new FileOperations() { }));
    }

    @Test
    void tmpFilesReadWriteSeekAppendTruncate() {
        int fd = (int) Libc.check(c.open("/tmp/f", O_CREAT | O_RDWR, 0644));
        assertEquals(5, c.write(fd, "hello"));
        assertEquals(0, c.lseek(fd, 0, 0));
        assertEquals("hello", new String(c.read(fd, 100), StandardCharsets.UTF_8));
        assertEquals(5, c.fstat(fd).size());
        c.close(fd);
        fd = (int) Libc.check(c.open("/tmp/f", O_WRONLY | O_APPEND));
        c.write(fd, " world");
        c.close(fd);
        fd = (int) Libc.check(c.open("/tmp/f", O_RDONLY));
        assertEquals("hello world", new String(c.readAll(fd), StandardCharsets.UTF_8));
        assertEquals(-Errno.EBADF, c.write(fd, "x"));
        c.close(fd);
        fd = (int) Libc.check(c.open("/tmp/f", O_WRONLY | O_TRUNC));
        assertEquals(0, c.fstat(fd).size());
        c.close(fd);
    }

    @Test
    void debugfsFilesRenderOnOpenAndTakeWrites() {
        DebugFs d = k.service(DebugFs.class);
        List<String> stored = new ArrayList<>();
        int[] n = {0};
        d.createDir("ion/heaps");
        d.createFile("ion/heaps/system", 0644, () -> "opened " + (++n[0]) + "\n", stored::add);
        d.createFile("ion/ro", 0444, () -> "ro\n", null);
        int fd = (int) Libc.check(c.open("/sys/kernel/debug/ion/heaps/system", O_RDONLY));
        assertEquals("op", new String(c.read(fd, 2)));
        assertEquals("ened 1\n", new String(c.read(fd, 100)));
        assertEquals(0, c.read(fd, 100).length);
        c.close(fd);
        fd = (int) Libc.check(c.open("/sys/kernel/debug/ion/heaps/system", O_WRONLY));
        c.write(fd, "shrink");
        assertEquals(List.of("shrink"), stored);
        c.close(fd);
        assertEquals(-Errno.EACCES, c.open("/sys/kernel/debug/ion/ro", O_WRONLY));
        d.remove("ion/ro");
        assertEquals(-Errno.ENOENT, c.open("/sys/kernel/debug/ion/ro", O_RDONLY));
    }

    @Test
    void procSelfMapsFdAndExe() {
        t.exePath = "/bin/prog";
        int fd = (int) Libc.check(c.open("/dev/zero", O_RDONLY));
        long addr = Libc.check(c.mmap(0, 8192, 1, 2, fd, 0));
        assertEquals(String.valueOf(t.pid()), c.readlink("/proc/self"));
        assertEquals("/bin/prog", c.readlink("/proc/self/exe"));
        assertEquals("/dev/zero", c.readlink("/proc/self/fd/" + fd));
        int m = (int) Libc.check(c.open("/proc/self/maps", O_RDONLY));
        String maps = new String(c.readAll(m), StandardCharsets.UTF_8);
        c.close(m);
        // Linux pads the name to column 49: "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu " then seq_pad.
        String head = String.format("%08x-%08x r--p 00000000 00:05 %d ", addr, addr + 8192,
                k.service(Vfs.class).lookup("/dev/zero").ino);
        String expect = head + " ".repeat(49 - head.length()) + "/dev/zero";
        assertTrue(maps.lines().anyMatch(expect::equals), maps + "\nexpected: " + expect);
        assertTrue(maps.lines().anyMatch(l -> l.endsWith(" rw-p 00000000 00:00 0 ")), maps);
    }

    @Test
    void mmapChecksFileModeAndFd() {
        int ro = (int) Libc.check(c.open("/dev/zero", O_RDONLY));
        assertEquals(-Errno.EACCES, c.mmap(0, 4096, 3, 1, ro, 0));
        assertEquals(-Errno.EBADF, c.mmap(0, 4096, 1, 1, 55, 0));
        assertEquals(-Errno.EINVAL, c.mmap(0, 4096, 1, 0x20, -1, 0), "neither shared nor private");
        // do_mmap's order: the length is checked before the file's access mode.
        assertEquals(-Errno.EINVAL, c.mmap(0, 0, 3, 1, ro, 0), "zero length wins over EACCES");
    }

    @Test
    void mmapIgnoresUnknownProtBits() {
        // PROT_SEM (0x8) means nothing on ARM; mmap ignores bits it does not know (mprotect does not).
        long a = Libc.check(c.mmap(0, 4096, 0x8 | 3, 0x22, -1, 0));
        int m = (int) Libc.check(c.open("/proc/self/maps", O_RDONLY));
        // The line whose range holds the mapping (it may be merged with an adjacent anonymous VMA).
        assertEquals("rw-p", new String(c.readAll(m), StandardCharsets.UTF_8).lines()
                .filter(l -> Long.parseLong(l.substring(0, 8), 16) <= a && a < Long.parseLong(l.substring(9, 17), 16))
                .findFirst().orElseThrow().substring(18, 22));
    }

    @Test
    void pipesReadWriteEofEagainEpipe() {
        int[] p = c.pipe2(O_NONBLOCK);
        assertEquals(-Errno.EAGAIN, c.read(p[0], new byte[4], 0, 4));
        assertEquals(3, c.write(p[1], "abc"));
        assertEquals("abc", new String(c.read(p[0], 10)));
        assertEquals(Inode.S_IFIFO, c.fstat(p[0]).mode() & Inode.S_IFMT);
        c.close(p[1]);
        assertEquals(0, c.read(p[0], 10).length, "EOF once the writer is gone");
        int[] q = c.pipe2(0);
        c.close(q[0]);
        long act = c.malloc(20);
        c.poke(act, new byte[] {1, 0, 0, 0}); // SIG_IGN: EPIPE alone, no SIGPIPE
        assertEquals(0, c.syscall(Nr.rt_sigaction, 13, act, 0, 8));
        assertEquals(-Errno.EPIPE, c.write(q[1], "x"));
    }

    @Test
    void nanosleepAdvancesVirtualTime() {
        long t0 = c.clockGettime(1);
        assertEquals(0, c.nanosleep(1_500_000_000L));
        long t1 = c.clockGettime(1);
        assertTrue(t1 - t0 >= 1_500_000_000L && t1 - t0 < 1_600_000_000L, "slept " + (t1 - t0));
        assertEquals(-1, t.sleepDeadline, "deadline cleared when the call completes");
        assertTrue(c.clockGettime(0) / 1_000_000_000L >= 1_700_000_000L);
    }

    @Test
    void unameAndSocketpairCtrunc() {
        long u = c.malloc(390);
        assertEquals(0, c.syscall(Nr.uname, u));
        assertEquals("Linux", new String(c.peek(u, 5)));
        assertEquals("4.9.0-vexmem", new String(c.peek(u + 130, 12)));
        assertEquals("armv7l", new String(c.peek(u + 260, 6)));
        int[] sp = c.socketpair(1, 5, 0);
        int a = (int) Libc.check(c.open("/dev/null", O_RDONLY));
        int b = (int) Libc.check(c.open("/dev/zero", O_RDONLY));
        long refsBefore = k.objects().count();
        assertEquals(2, c.sendmsg(sp[0], "hi".getBytes(), new int[] {a, b}, 0));
        Libc.Msg m = c.recvmsg(sp[1], 16, 1, 0);
        assertEquals(2, m.result());
        assertEquals(1, m.fds().length);
        assertEquals(8, m.flags() & 8, "MSG_CTRUNC");
        assertEquals(c.fstat(a).ino(), c.fstat(m.fds()[0]).ino());
        c.close(m.fds()[0]);
        assertEquals(refsBefore, k.objects().count());
    }

    @Test
    void inFlightFilesAreReleasedWhenTheReceiverClosesUnread() {
        int[] sp = c.socketpair(1, 1, 0);
        int fd = (int) Libc.check(c.open("/dev/null", O_RDONLY));
        long before = k.objects().count();
        Libc.check(c.sendmsg(sp[0], "x".getBytes(), new int[] {fd}, 0));
        c.close(fd);
        assertEquals(before, k.objects().count(), "the in-flight reference keeps /dev/null open");
        c.close(sp[1]);
        assertEquals(before - 2, k.objects().count(), "receiver closed unread: the file is released");
        assertEquals(-Errno.EPIPE, c.send(sp[0], "y".getBytes(), 0x4000));
    }

    @Test
    void nonblockingConnectOnFullBacklogAndStreamEof() {
        int l = (int) Libc.check(c.socket(1, 1, 0));
        Libc.check(c.bind(l, "/tmp/l"));
        Libc.check(c.listen(l, 0));
        int a = (int) Libc.check(c.socket(1, 1 | O_NONBLOCK, 0));
        int b = (int) Libc.check(c.socket(1, 1 | O_NONBLOCK, 0));
        assertEquals(0, c.connect(a, "/tmp/l"));
        assertEquals(-Errno.EAGAIN, c.connect(b, "/tmp/l"));
        assertEquals(-Errno.EISCONN, c.connect(a, "/tmp/l"));
        int s = (int) Libc.check(c.accept4(l, O_NONBLOCK));
        assertEquals(1, c.fcntl(s, 1, 0) == 0 && (c.fcntl(s, 3, 0) & O_NONBLOCK) != 0 ? 1 : 0, "SOCK_NONBLOCK on accept4");
        Libc.check(c.fcntl(l, 4, O_NONBLOCK));
        assertEquals(-Errno.EAGAIN, c.accept(l), "nothing pending on a non-blocking listener");
        assertEquals(3, c.send(a, "abc".getBytes(), 0));
        Libc.check(c.shutdown(a, 1));
        assertEquals("abc", new String(c.recv(s, 10, 0)));
        assertEquals(0, c.recv(s, 10, 0).length, "EOF after the peer's SHUT_WR");
        assertEquals(-Errno.EINVAL, c.listen(b, 1), "listen on an unbound socket");
    }
}
