package vexmem.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import vexmem.kernel.Kernel;

/** Signals delivered to handlers: frames, sigreturn, EINTR / SA_RESTART, SIGCHLD, kill between processes. */
class SignalsTest {
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sigs", "sigs_thumb"})
    void handlersRunAndReturn(String guest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            emu.setTracer(new SyscallTracer(new PrintStream(trace, true, StandardCharsets.UTF_8)));
            emu.spawn(TestKernels.guest(guest), List.of(guest), Stdio.of(out, new ByteArrayOutputStream()));
            assertEquals(0, emu.runAll().status(), () -> out + "\n" + k.log().lines());
        }
        assertEquals("""
                pause: -1 Interrupted system call, handler got 14
                SIGUSR1: got 10, si_pid is me 1, si_code 0, d 3.00
                SIGSEGV 0 recovered, si_addr 0x10
                SIGSEGV 1 recovered, si_addr 0x10
                read without SA_RESTART: -1 Interrupted system call
                read with SA_RESTART: 1 'x'
                child with handler: status 9, SIGCHLD handler ran 1
                blocked: got 0
                sigsuspend: -1 Interrupted system call, got 12, USR2 blocked again 1
                spinning loop interrupted by SIGALRM: 14
                """, out.toString(StandardCharsets.UTF_8));
        String t = trace.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains(" --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---\n"), t);
        assertTrue(t.contains(" --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x00000010} ---\n"), t);
        assertTrue(t.contains(" --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid="), t);
        assertTrue(t.contains(" read(3, 0x"), t);
        assertTrue(t.contains("= ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n"), t);
    }

    @org.junit.jupiter.api.Test
    void anInterruptedNanosleepReportsTheTimeLeft() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            emu.spawn(TestKernels.guest("nsleep"), List.of("nsleep"), Stdio.of(out, new ByteArrayOutputStream()));
            assertEquals(0, emu.runAll().status(), () -> out + "\n" + k.log().lines());
        }
        assertEquals("""
                nanosleep: -1 Interrupted system call, rem 9 s, nsec in range 1
                clock_nanosleep: Interrupted system call, rem 9 s
                """, out.toString(StandardCharsets.UTF_8));
    }

    /** sigaltstack: the errors, a stack overflow handled on the alternate stack, SS_AUTODISARM. */
    @org.junit.jupiter.api.Test
    void alternateSignalStack() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            emu.setTracer(new SyscallTracer(new PrintStream(trace, true, StandardCharsets.UTF_8)));
            emu.spawn(TestKernels.guest("altstack"), List.of("altstack"), Stdio.of(out, new ByteArrayOutputStream()));
            assertEquals(0, emu.runAll().status(), () -> out + "\n" + k.log().lines());
        }
        // the same lines as under qemu-arm, except SS_AUTODISARM, which qemu 7.2 rejects and 4.9 accepts
        assertEquals("""
                initially disabled: 1
                too small: ENOMEM
                bad flags: EINVAL
                set: 0
                reads back: 1
                overflow caught on the alternate stack: 1, SS_ONSTACK inside: 1, EPERM inside: 1, deep: 1
                autodisarm set: 0
                disarmed inside the handler: 1, restored after it: 1
                disable: 0
                disabled: 1
                """, out.toString(StandardCharsets.UTF_8));
        String t = trace.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr="), t);
    }
}
