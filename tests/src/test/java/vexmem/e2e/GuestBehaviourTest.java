package vexmem.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vexmem.e2e.Cli.Result;

/**
 * ARM guests (src/test/guest-src/e2e_tool.c) through `vexmem run`: a dma-buf outliving its exporter,
 * a chaos guest that must never bring the emulator down, and interval timers.
 */
class GuestBehaviourTest {
    /**
     * Process A (exporter) allocates an ION buffer, fills 8 KiB with a pattern, sends the dma-buf fd
     * over AF_UNIX with SCM_RIGHTS, closes the fd, /dev/ion and the socket, and exits. Process B
     * (importer) only then takes the fd out of the socket queue (after seeing EOF and ESRCH for A's
     * pid), mmaps it and checks the pattern. Exit 0 also means the shutdown leak check was clean.
     */
    @Test
    void dmaBufOutlivesItsExporter() {
        String sock = "/tmp/e2e_outlive.sock";
        Result r = Cli.run("run", Cli.TOOL, "importer", sock, "--spawn", Cli.TOOL + " exporter " + sock);
        assertEquals(0, r.rc(), r::toString);
        String out = r.out();
        int exported = out.indexOf("closed everything, exiting");
        int verified = out.indexOf("ok pattern intact after the exporter exited");
        assertTrue(exported >= 0 && verified > exported, r::toString);
        assertTrue(out.contains("ok exporter process is gone (kill 0 -> ESRCH)"), r::toString);
        assertTrue(out.contains("ok exporter's socket end closed (EOF)"), r::toString);
        assertTrue(out.contains("ok mmap received dma-buf fd"), r::toString);
        assertTrue(out.contains(", 0 failures"), r::toString);
        assertFalse(r.err().contains("leak"), r::toString);
        assertFalse(r.err().contains("BUG"), r::toString);
    }

    /**
     * ioctls with wild pointers and sizes on every device, read/write with bad buffers, mmap with junk
     * flags, unknown syscall numbers 400-450 and ARM private 0xf0010: each returns an errno, the guest
     * exits 0, and the kernel records no bug (bugs fail the shutdown leak check, which would exit 70).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"12345", "1", "0xdeadbeef", "777"})
    void chaosGuestNeverKillsTheEmulator(String seed) {
        Result r = Cli.run("run", Cli.TOOL, "chaos", seed);
        assertEquals(0, r.rc(), r::toString);
        assertTrue(r.out().contains("chaos: 6 devices open"), r::toString);
        assertTrue(r.out().contains("ok every failure set errno"), r::toString);
        assertTrue(r.out().contains("ok ARM private 0xf0010 ENOSYS"), r::toString);
        assertTrue(r.out().matches("(?s).*chaos: \\d+ calls, \\d+ errors, 0 failures\n"), r::toString);
        assertFalse(r.err().contains("BUG"), r::toString);
        assertFalse(r.err().contains("kernel bug"), r::toString);
        assertFalse(r.err().contains("internal error"), r::toString);
    }

    @Test
    void chaosIsDeterministic() {
        Result a = Cli.run("run", "--quiet", Cli.TOOL, "chaos");
        Result b = Cli.run("run", "--quiet", Cli.TOOL, "chaos");
        assertEquals(a, b);
    }

    @Test
    void itimerRoundTripAndHandledExpiry() {
        Result r = Cli.run("run", Cli.TOOL, "itimer");
        assertEquals(0, r.rc(), r::toString);
        assertTrue(r.out().contains("itimer done, 0 failures"), r::toString);
        // the handler now runs (signal delivery); sleep(2) is interrupted by it and the guest goes on
        assertFalse(r.err().contains("not run"), r::toString);
        assertFalse(r.err().contains("unimplemented system call"), r::toString);
    }

    @Test
    void alarmWithDefaultActionIs142() {
        Result r = Cli.run("run", Cli.TOOL, "alarm");
        assertEquals(142, r.rc(), r::toString);
        assertTrue(r.err().contains("--- SIGALRM {si_signo=SIGALRM"), r::toString);
        assertTrue(r.err().contains("+++ killed by SIGALRM +++"), r::toString);
        // alarm(1) then sleep(10): woken at the timer's deadline, not the sleep's
        assertTrue(r.err().contains("[    1.0"), r::toString);
    }
}
