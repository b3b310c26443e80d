package vexmem.kernel.user;

import vexmem.kernel.uapi.UserStruct;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.TestBoards;

/** Several Java guest processes on one kernel under the ThreadScheduler. */
class JavaGuestRunnerTest {
    static final int AF_UNIX = 1, SOCK_STREAM = 1;

    @Test
    void scmRightsPassesTheSameFileBetweenProcesses() {
        try (Kernel k = TestBoards.boot()) {
            JavaGuestRunner r = new JavaGuestRunner(k);
            r.spawn("server", (c, args) -> {
                int s = (int) Libc.check(c.socket(AF_UNIX, SOCK_STREAM, 0));
                Libc.check(c.bind(s, "/tmp/fdpass"));
                Libc.check(c.listen(s, 4));
                int conn = (int) Libc.check(c.accept(s));
                int fd = (int) Libc.check(c.open("/dev/null", 0));
                c.printf("ino=%d\n", c.fstat(fd).ino());
                Libc.check(c.sendmsg(conn, "take".getBytes(), new int[] {fd}, 0));
                c.close(fd);
                return 0;
            });
            r.spawn("client", (c, args) -> {
                int s = (int) Libc.check(c.socket(AF_UNIX, SOCK_STREAM, 0));
                Libc.check(c.connect(s, "/tmp/fdpass"));
                Libc.Msg m = c.recvmsg(s, 16, 4, 0x40000000);
                Libc.check(m.result());
                int fd = m.fds()[0];
                c.printf("%s fd=%d cloexec=%d ino=%d path=%s\n", new String(m.data()), fd, c.fcntl(fd, 1, 0),
                        c.fstat(fd).ino(), c.readlink("/proc/self/fd/" + fd));
                // Peer gone: EOF.
                c.printf("eof=%d\n", c.recv(s, 10, 0).length);
                return 0;
            });
            List<JavaGuestRunner.Result> res = r.run();
            assertEquals(0, res.get(0).status(), res.toString());
            assertEquals(0, res.get(1).status(), res.toString());
            String ino = res.get(0).stdout().trim().substring(4);
            assertEquals("take fd=4 cloexec=1 ino=" + ino + " path=/dev/null\neof=0\n", res.get(1).stdout());
        }
    }

    /** The server blocks in accept and recv; the interleaving and virtual times repeat exactly. */
    private static List<String> blockingRun() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (Kernel k = TestBoards.boot()) {
            JavaGuestRunner r = new JavaGuestRunner(k);
            r.spawn("srv", (c, a) -> {
                int s = (int) Libc.check(c.socket(AF_UNIX, SOCK_STREAM, 0));
                Libc.check(c.bind(s, "@abstract"));
                Libc.check(c.listen(s, 1));
                events.add("accepting " + k.clock().nanos());
                int conn = (int) Libc.check(c.accept(s));
                events.add("accepted " + k.clock().nanos());
                byte[] got = c.recv(conn, 100, 0);
                events.add("got " + new String(got) + " " + k.clock().nanos());
                return 0;
            });
            r.spawn("cli", (c, a) -> {
                Libc.check(c.nanosleep(5_000_000));
                int s = (int) Libc.check(c.socket(AF_UNIX, SOCK_STREAM, 0));
                events.add("connecting " + k.clock().nanos());
                Libc.check(c.connect(s, "@abstract"));
                Libc.check(c.nanosleep(1_000_000));
                events.add("sending " + k.clock().nanos());
                Libc.check(c.send(s, "ping".getBytes(), 0));
                return 0;
            });
            List<JavaGuestRunner.Result> res = r.run();
            assertEquals(0, res.get(0).status());
            assertEquals(0, res.get(1).status());
        }
        return events;
    }

    @Test
    void blockingAcceptAndRecvAreDeterministic() {
        List<String> first = blockingRun();
        assertEquals(List.of("accepting", "connecting", "accepted", "sending", "got"),
                first.stream().map(s -> s.split(" ")[0]).toList());
        assertTrue(Long.parseLong(first.get(1).split(" ")[1]) >= 5_000_000, first.toString());
        for (int i = 0; i < 5; i++) {
            assertEquals(first, blockingRun());
        }
    }

    @Test
    void crashDeadlockAndKillGiveStatuses() {
        try (Kernel k = TestBoards.boot()) {
            JavaGuestRunner r = new JavaGuestRunner(k);
            r.spawn("crash", (c, a) -> {
                throw new IllegalStateException("boom");
            });
            r.spawn("stuck", (c, a) -> {
                int[] p = c.pipe2(0);
                c.read(p[0], new byte[1], 0, 1); // nobody will ever write
                return 0;
            });
            r.spawn("abort", (c, a) -> {
                c.kill(c.getpid(), 6);
                return 0;
            });
            r.spawn("exit", (c, a) -> {
                c.write(2, "bye\n");
                c.exit(3);
                return 99;
            });
            List<JavaGuestRunner.Result> res = r.run();
            assertEquals(List.of(134, 137, 134, 3), res.stream().map(JavaGuestRunner.Result::status).toList());
            assertEquals("bye\n", res.get(3).stderr());
            assertTrue(k.log().contains("guest program crashed"));
            assertTrue(k.log().contains("blocked forever"));
        }
    }

    @Test
    void pipeBetweenProcessesWithPollAndWait() {
        try (Kernel k = TestBoards.boot()) {
            JavaGuestRunner r = new JavaGuestRunner(k);
            int[] shared = new int[1];
            r.spawn("reader", (c, a) -> {
                int s = (int) Libc.check(c.socket(AF_UNIX, 2, 0));
                Libc.check(c.bind(s, "/tmp/dg"));
                // poll with a 10 ms timeout and nothing there: times out in virtual time.
                long pfd = c.malloc(8);
                c.poke(pfd, new UserStruct(8).putU32(0, s).putU16(4, 1));
                long t0 = k.clock().nanos();
                assertEquals(0, c.syscall(vexmem.kernel.syscall.Nr.poll, pfd, 1, 10));
                assertTrue(k.clock().nanos() - t0 >= 10_000_000);
                shared[0] = 1;
                assertEquals(1, c.syscall(vexmem.kernel.syscall.Nr.poll, pfd, 1, -1));
                assertEquals("dgram", new String(c.recv(s, 100, 0)));
                assertEquals(-Errno.EAGAIN, c.recvmsg(s, 10, 0, 0x40).result());
                return 0;
            });
            r.spawn("writer", (c, a) -> {
                while (shared[0] == 0) {
                    c.nanosleep(1_000_000);
                }
                int s = (int) Libc.check(c.socket(AF_UNIX, 2, 0));
                Libc.check(c.connect(s, "/tmp/dg"));
                Libc.check(c.send(s, "dgram".getBytes(), 0));
                return 0;
            });
            List<JavaGuestRunner.Result> res = r.run();
            assertEquals(0, res.get(0).status(), k.log().lines().toString());
            assertEquals(0, res.get(1).status());
        }
    }

    @Test
    void wait4ReapsChildrenAndBlocksUntilTheyExit() {
        try (Kernel k = TestBoards.boot()) {
            JavaGuestRunner r = new JavaGuestRunner(k);
            var parent = r.spawn("parent", (c, a) -> {
                assertEquals(0, c.wait4(-1, 1)[0], "WNOHANG with a live child");
                long[] w = c.wait4(-1, 0);
                c.printf("%d %d\n", w[0], w[1]);
                assertEquals(-Errno.ECHILD, c.wait4(-1, 0)[0]);
                return 0;
            });
            var child = r.spawn(parent, "child", (c, a) -> {
                c.nanosleep(2_000_000);
                c.exit(7);
                return 0;
            });
            List<JavaGuestRunner.Result> res = r.run();
            assertEquals(child.pid() + " " + (7 << 8) + "\n", res.get(0).stdout());
            assertNull(k.tasks().get(child.pid()), "reaped");
        }
    }
}
