package vexmem.kernel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vexmem.kernel.Errno;
import vexmem.kernel.fs.File;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.testing.Rig;

/** TaskTable.fork and wait4 with real children, without a CPU back end. */
class ForkTest {
    @Test
    void forkCopiesFilesAndSignalStateAndWait4ReapsTheChild() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("parent");
            long buf = Rig.scratch(p, 4096);
            int a = rig.openFd(p, "/dev/null", 0);
            int b = rig.openFd(p, "/dev/null", 0);
            p.files().setCloseOnExec(b, true);
            p.sigactions.put(SigState.SIGALRM, new byte[] {0x34, 0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            p.sigpending = SigState.bit(10);
            p.itimerDeadline[0] = 5;
            Task c = rig.k.tasks().fork(p);
            assertSame(p, c.parent());
            assertEquals(p.comm(), c.comm());
            File fa = p.files().get(a);
            assertSame(fa, c.files().get(a));
            assertEquals(2, fa.refcount());
            assertTrue(c.files().closeOnExec(b));
            assertEquals(0x1234, SigState.handler(c, SigState.SIGALRM));
            assertEquals(0, c.sigpending, "pending signals are not inherited");
            assertEquals(-1, c.itimerDeadline[0], "nor are interval timers");
            // wait4: nothing yet (WNOHANG), then the exit status, then ECHILD
            assertEquals(0, rig.k.syscalls().dispatch(p, Nr.wait4, SyscallArgs.of(-1, buf, 1, 0)));
            c.exit(3);
            assertEquals(1, fa.refcount(), "the child's descriptors are closed at exit");
            assertEquals(c.pid(), rig.k.syscalls().dispatch(p, Nr.wait4, SyscallArgs.of(-1, buf, 0, buf + 64)));
            assertEquals(3 << 8, p.mm().getUserInt(buf));
            assertNull(rig.k.tasks().get(c.pid()), "reaped");
            assertEquals(-Errno.ECHILD, rig.k.syscalls().dispatch(p, Nr.wait4, SyscallArgs.of(-1, buf, 0, 0)));
            p.exit(0);
        }
    }

    @Test
    void killedChildIsReportedBySignalAndOrphansAreReaped() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("parent");
            long buf = Rig.scratch(p, 4096);
            Task c = rig.k.tasks().fork(p);
            assertEquals(0, rig.k.syscalls().dispatch(p, Nr.kill, SyscallArgs.of(c.pid(), 15)));
            assertEquals(15, c.pendingSignal);
            c.exit(128 + 15);
            assertEquals(c.pid(), rig.k.syscalls().dispatch(p, Nr.wait4, SyscallArgs.of(c.pid(), buf, 0, 0)));
            assertEquals(15, p.mm().getUserInt(buf));
            Task orphan = rig.k.tasks().fork(p);
            p.exit(0);
            assertNull(orphan.parent(), "adopted by init");
            orphan.exit(0);
            assertNull(rig.k.tasks().get(orphan.pid()), "init reaps at once");
        }
    }

    @Test
    void withoutACpuBackEndForkAndExecveAreEnosys() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("java");
            assertEquals(-Errno.ENOSYS, rig.k.syscalls().dispatch(p, Nr.fork, SyscallArgs.of()));
            assertEquals(-Errno.ENOSYS, rig.k.syscalls().dispatch(p, Nr.execve, SyscallArgs.of(0, 0, 0)));
            p.exit(0);
        }
    }
}
