package vexmem.kernel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Errno;
import vexmem.kernel.fs.File;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.testing.Rig;

/** Thread groups: what clone(CLONE_THREAD) shares, thread exit against group exit, signal routing. */
class ThreadGroupTest {
    static final long THREAD_FLAGS = 0x3d0f00; // glibc's pthread_create
    static final int SIGUSR1 = 10;

    /** A CPU back end that only records: clone's flag checks and bookkeeping need one. */
    static void fakeCpu(Rig rig) {
        rig.k.register(ProcessHooks.class, new ProcessHooks() {
            @Override
            public void forked(Task parent, Task child, long newSp, boolean setTls, long tls) {
            }

            @Override
            public void checkExecutable(String path, byte[] image) {
            }

            @Override
            public void exec(Task t, String path, byte[] image, List<String> argv, List<String> envp) {
            }

            @Override
            public long sigreturn(Task t, boolean rt) {
                return 0;
            }
        });
    }

    static long sys(Task t, int nr, long... a) {
        return t.kernel().syscalls().dispatch(t, nr, SyscallArgs.of(a));
    }

    /** pthread_create's clone, without tid pointers: the new thread. */
    static Task newThread(Task of) {
        return of.kernel().tasks().get((int) sys(of, Nr.clone, THREAD_FLAGS, 0, 0, 0, 0));
    }

    @Test
    void aThreadSharesFilesMemoryAndHandlersAndReportsTheLeadersPid() {
        try (Rig rig = new Rig()) {
            fakeCpu(rig);
            Task p = rig.task("p");
            long tids = Rig.scratch(p, 4096);
            int tid = (int) sys(p, Nr.clone, THREAD_FLAGS, 0, tids, 0, tids + 4);
            Task t = rig.k.tasks().get(tid);
            assertNotNull(t);
            assertEquals(tid, p.mm().getUserInt(tids), "CLONE_PARENT_SETTID");
            assertEquals(tids + 4, t.clearChildTid, "CLONE_CHILD_CLEARTID");
            assertEquals(p.pid(), sys(t, Nr.getpid));
            assertEquals(tid, sys(t, Nr.gettid));
            assertSame(p.mm(), t.mm());
            int fd = rig.openFd(p, "/dev/null", 0);
            assertSame(p.files().get(fd), t.files().get(fd), "CLONE_FILES: one table");
            sys(t, Nr.rt_sigaction, SIGUSR1, Rig.scratch(t, 4096), 0, 8);
            assertSame(p.sigactions, t.sigactions, "CLONE_SIGHAND: one set of handlers");
            assertEquals(2, p.group().liveCount());
            p.exit(0);
            assertEquals(Task.State.ZOMBIE, t.state(), "exit_group takes every thread");
        }
    }

    @Test
    void cloneRejectsInconsistentFlagsAsCopyProcessDoes() {
        try (Rig rig = new Rig()) {
            fakeCpu(rig);
            Task p = rig.task("p");
            assertEquals(-Errno.EINVAL, sys(p, Nr.clone, 0x10000 | 0x100, 0, 0, 0, 0), "CLONE_THREAD without CLONE_SIGHAND");
            assertEquals(-Errno.EINVAL, sys(p, Nr.clone, 0x800, 0, 0, 0, 0), "CLONE_SIGHAND without CLONE_VM");
            assertEquals(-Errno.EINVAL, sys(p, Nr.clone, 0x100 | 0x8000, 0, 0, 0, 0), "CLONE_PARENT is not modelled");
            assertEquals(1, rig.k.tasks().live().size(), "nothing was created");
            p.exit(0);
        }
    }

    @Test
    void aThreadExitClearsItsTidWakesTheJoinerAndLeavesTheProcessRunning() {
        try (Rig rig = new Rig()) {
            fakeCpu(rig);
            Task p = rig.task("p");
            long tidp = Rig.scratch(p, 4096);
            int fd = rig.openFd(p, "/dev/null", 0);
            File file = p.files().get(fd);
            int tid = (int) sys(p, Nr.clone, THREAD_FLAGS, 0, tidp, 0, tidp);
            Task t = rig.k.tasks().get(tid);
            // pthread_join: the joiner sleeps on the tid word with a shared futex
            assertThrows(WouldBlock.class, () -> sys(p, Nr.futex, tidp, 0, tid, 0, 0, 0));
            sys(t, Nr.exit, 0);
            assertEquals(0, p.mm().getUserInt(tidp), "clear_child_tid");
            assertEquals(0, sys(p, Nr.futex, tidp, 0, tid, 0, 0, 0), "woken by the exit");
            assertNull(rig.k.tasks().get(tid), "a thread is reaped at once");
            assertEquals(Task.State.RUNNING, p.state());
            assertEquals(1, file.refcount(), "one shared table, one reference: the thread exit closed nothing");
            assertSame(file, p.files().get(fd));
            p.exit(0);
        }
    }

    @Test
    void aLeaderThatExitsFirstStaysUnreapableUntilTheLastThread() {
        try (Rig rig = new Rig()) {
            fakeCpu(rig);
            Task parent = rig.task("parent");
            long buf = Rig.scratch(parent, 4096);
            Task leader = rig.k.tasks().fork(parent);
            Task t = newThread(leader);
            sys(leader, Nr.exit, 4); // pthread_exit in main
            assertEquals(Task.State.ZOMBIE, leader.state());
            assertEquals(0, sys(parent, Nr.wait4, -1, buf, 1, 0), "not reapable while a thread runs");
            assertEquals(leader.pid(), sys(t, Nr.getpid), "the tgid outlives the leader");
            sys(t, Nr.exit, 9);
            assertEquals(leader.pid(), sys(parent, Nr.wait4, -1, buf, 0, 0));
            assertEquals(4 << 8, parent.mm().getUserInt(buf), "the leader's own status");
            parent.exit(0);
        }
    }

    @Test
    void exitGroupFromAThreadEndsTheProcessWithItsStatus() {
        try (Rig rig = new Rig()) {
            fakeCpu(rig);
            Task parent = rig.task("parent");
            long buf = Rig.scratch(parent, 4096);
            Task leader = rig.k.tasks().fork(parent);
            Task t = newThread(leader);
            sys(t, Nr.exit_group, 3);
            assertEquals(Task.State.ZOMBIE, leader.state());
            assertEquals(leader.pid(), sys(parent, Nr.wait4, -1, buf, 0, 0));
            assertEquals(3 << 8, parent.mm().getUserInt(buf));
            // a fatal signal taken by a thread is reported on the process
            Task l2 = rig.k.tasks().fork(parent);
            Task t2 = newThread(l2);
            t2.pendingSignal = 11;
            t2.exit(128 + 11);
            assertEquals(l2.pid(), sys(parent, Nr.wait4, -1, buf, 0, 0));
            assertEquals(11, parent.mm().getUserInt(buf), "WIFSIGNALED, SIGSEGV");
            parent.exit(0);
        }
    }

    @Test
    void aProcessSignalGoesToAThreadThatDoesNotBlockIt() {
        try (Rig rig = new Rig()) {
            fakeCpu(rig);
            Task p = rig.task("p");
            long act = Rig.scratch(p, 4096);
            p.mm().putUserInt(act, 0x10001); // a handler address
            sys(p, Nr.rt_sigaction, SIGUSR1, act, 0, 8);
            Task t = newThread(p);
            p.sigmask = SigState.bit(SIGUSR1);
            assertEquals(0, sys(p, Nr.kill, p.pid(), SIGUSR1));
            assertEquals(0, p.sigpending, "the leader blocks it");
            assertEquals(SigState.bit(SIGUSR1), t.sigpending);
            // tgkill is thread-directed: it stays pending on the blocking leader
            assertEquals(0, sys(t, Nr.tgkill, p.pid(), p.pid(), SIGUSR1));
            assertEquals(SigState.bit(SIGUSR1), p.sigpending);
            assertEquals(-Errno.ESRCH, sys(p, Nr.tgkill, p.pid() + 1000, t.pid(), SIGUSR1), "wrong tgid");
            assertFalse(t.state() == Task.State.ZOMBIE);
            p.exit(0);
            assertTrue(rig.k.tasks().live().isEmpty());
        }
    }
}
