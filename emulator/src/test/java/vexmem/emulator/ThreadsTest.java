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
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream(),
                    tr = new ByteArrayOutputStream();
            emu.setTracer(new SyscallTracer(new PrintStream(tr, true, StandardCharsets.UTF_8)));
            List<String> argv = new java.util.ArrayList<>(List.of("threads"));
            argv.addAll(List.of(args));
            emu.spawn(TestKernels.guest("threads"), argv, Stdio.of(out, err));
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
}
