package vexmem.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Kernel;
import vexmem.kernel.task.FutexTable;

/** glibc's POSIX threads, unmodified, on one engine per thread over one shared address space. */
class ThreadsTest {
    record Run(int status, String out, String err, String trace, int futexWaiters) {
    }

    static Run run(String... args) {
        return runGuest("threads", args);
    }

    static Run runGuest(String guest, String... args) {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream(),
                    tr = new ByteArrayOutputStream();
            emu.setTracer(new SyscallTracer(new PrintStream(tr, true, StandardCharsets.UTF_8)));
            List<String> argv = new java.util.ArrayList<>(List.of(guest));
            argv.addAll(List.of(args));
            emu.spawn(TestKernels.guest(guest), argv, Stdio.of(out, err));
            int st = emu.runAll().status();
            assertTrue(k.tasks().live().isEmpty(), "every thread is gone");
            return new Run(st, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    tr.toString(StandardCharsets.UTF_8), FutexTable.of(k).waiterCount());
        }
    }

    @Test
    void aContendedMutexCountsExactlyAndTheRunRepeats() {
        Run a = run("counter", "3", "20000");
        assertEquals("counter=60000 expected=60000 threads_ok=3 main_tls=0\n", a.out, a.err);
        assertEquals(0, a.status);
        // the workers were preempted inside the critical section, so some really slept on the lock
        assertTrue(a.trace.matches("(?s).*\\n10[123] futex\\(0x[0-9a-f]+, FUTEX_WAIT_PRIVATE, 2, NULL\\) = 0\\n.*"), a.trace);
        assertTrue(a.trace.contains("flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|"
                + "CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID"), a.trace);
        assertEquals(0, a.futexWaiters);
        assertEquals(a.trace, run("counter", "3", "20000").trace, "same trace every time");
    }

    @Test
    void conditionVariablesHandEveryItemOver() {
        Run r = run("condvar", "300");
        assertEquals("sum=45150 expected=45150\n", r.out, r.err);
        assertEquals(0, r.status);
    }

    @Test
    void aTimedWaitTimesOutOnTheVirtualClock() {
        Run r = run("timedwait");
        assertEquals("timedwait: ETIMEDOUT after 50 ms\n", r.out);
        assertEquals(0, r.status);
    }

    @Test
    void exitFromAWorkerEndsTheProcessWhileMainIsInJoin() {
        Run r = run("exitgroup");
        assertEquals("main waiting\n", r.out);
        assertEquals(3, r.status);
        assertTrue(r.trace.contains(" exit_group(3) = ?"), r.trace);
    }

    @Test
    void aFaultInAWorkerKillsTheWholeProcess() {
        Run r = run("segv");
        assertEquals("main waiting\n", r.out);
        assertEquals("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x00000000} ---\n"
                + "+++ killed by SIGSEGV +++\n", r.err);
        assertEquals(139, r.status);
    }

    @Test
    void aProcessSignalIsHandledByTheThreadThatDoesNotBlockIt() {
        Run r = run("signal");
        assertEquals("handled_by_worker=1 handled_by_main=0\n", r.out, r.err);
        assertEquals(0, r.status);
    }

    @Test
    void mainMayExitFirstWithPthreadExit() {
        Run r = run("mainexit");
        assertEquals("worker finishing the process\n", r.out, r.err);
        assertEquals(0, r.status);
        assertTrue(r.trace.contains("100 exit(0) = ?"), r.trace);
    }

    @Test
    void aChildForkedByOneThreadIsReapedByAnother() {
        Run r = run("fork");
        assertEquals("reaped=1 status=7\n", r.out, r.err);
        assertEquals(0, r.status);
    }

    /** Corner cases found in review, each with the output qemu-arm (Linux) gives. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "wake0|wake val=0 -> 1\\n",
        "lostwake|woke 1\\nwaiter returned 0\\n",
        "zleader|tgkill zombie leader: 0\\ntkill self: 0\\n",
        "pastabs|abs realtime {1,0}: -110\\n",
        "order|WAIT_BITSET bitset=0, bad timeout ptr: -14\\nWAIT bad ts, misaligned: -22\\n",
    })
    void edgesAsOnLinux(String mode, String expected) {
        Run r = runGuest("thread_edges", mode);
        assertEquals(expected.replace("\\n", "\n"), r.out, r.err);
        assertEquals(0, r.status);
        assertEquals(0, r.futexWaiters);
    }

    @Test
    void aChildOfANonLeaderThreadSeesTheProcessAsItsParent() {
        Run r = runGuest("thread_edges", "ppid");
        assertTrue(r.out.matches("child getppid=(\\d+) parent_getpid=\\1\n"), r.out);
    }

    @Test
    void aWorkerThatKillsItsProcessStopsEveryThreadAtOnce() {
        Run r = runGuest("thread_edges", "selfkill");
        assertEquals("", r.out, "nothing runs after kill(getpid(), SIGTERM) returns");
        assertEquals("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER} ---\n+++ killed by SIGTERM +++\n", r.err);
        assertEquals(143, r.status);
    }

    @Test
    void threadsEndedWhileAsleepLeaveNoTimerBehind() {
        // the child's worker slept in sleep(100) when exit_group ended it; the parent then runs alone,
        // unsliced: its CPU loop takes no virtual time
        Run r = runGuest("thread_edges", "stale", "x");
        assertEquals("virtual ns for a CPU loop after the child: 1000\n", r.out, r.err);
    }
}
