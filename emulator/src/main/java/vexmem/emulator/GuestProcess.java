package vexmem.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import unicorn.ArmConst;
import unicorn.UnicornConst;
import unicorn.UnicornException;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WaitQueue;
import vexmem.kernel.task.WouldBlock;

/**
 * One ARM process: its task, its engine and its run state. System calls arrive through the engine's
 * interrupt hook and go to the kernel's syscall table, except for the ARM-private calls (0xf0000+) that
 * belong to the CPU. A call that has to sleep leaves a pending restart: the scheduler parks the task and
 * re-dispatches the same call with the same registers when it is woken, without re-executing the svc.
 */
public final class GuestProcess implements CpuBackend.Client {
    static final int R0 = ArmConst.UC_ARM_REG_R0, R7 = ArmConst.UC_ARM_REG_R7;
    private static final int NR_TKILL = 238, NR_TGKILL = 268;
    private static final int ARM_BREAKPOINT = 0xf0001, ARM_CACHEFLUSH = 0xf0002, ARM_USR26 = 0xf0003,
            ARM_USR32 = 0xf0004, ARM_SET_TLS = 0xf0005, ARM_GET_TLS = 0xf0006;

    private final Emulator emulator;
    private final Kernel kernel;
    private final Task task;
    private final UnicornCpu cpu;
    private final Stdio stdio;
    private String path;
    private final SyscallArgs args;
    private long pc;
    // scheduler state
    boolean pendingRestart;
    WouldBlock blockedOn;
    List<WaitQueue> parkedOn = List.of();
    long deadline = -1;
    boolean parked;
    private int killedBy;
    private boolean finished;
    /** execve succeeded inside the current run: resume at this entry point (-1 = none). */
    private long execEntry = -1;
    /** vfork/CLONE_VFORK: this process sleeps until the child execs or exits. */
    private Task vforkChild;

    GuestProcess(Emulator emulator, Task task, UnicornCpu cpu, Stdio stdio, String path, long entry) {
        this.emulator = emulator;
        this.kernel = task.kernel();
        this.task = task;
        this.cpu = cpu;
        this.stdio = stdio;
        this.path = path;
        this.pc = entry;
        this.args = i -> cpu.reg(R0 + i);
        cpu.setClient(this);
    }

    public Task task() {
        return task;
    }

    public int pid() {
        return task.pid();
    }

    public String path() {
        return path;
    }

    Stdio stdio() {
        return stdio;
    }

    public UnicornCpu cpu() {
        return cpu;
    }

    public boolean exited() {
        return task.state() == Task.State.ZOMBIE;
    }

    /** Exit status as a shell reports it: the code, or 128 + signal when killed. */
    public int exitStatus() {
        return task.exitStatus();
    }

    /** The signal that killed the process, or 0. */
    public int killedBy() {
        return killedBy;
    }

    // ------------------------------------------------------------ running

    /** Runs one slice: finishes a pending restart, then executes up to {@code count} instructions. */
    void runSlice(long count) {
        if (task.pendingSignal != 0) {
            deliverPending("SI_USER");
            return;
        }
        if (pendingRestart) {
            pendingRestart = false;
            if (vforkChild != null) {
                if (waitVfork()) {
                    return;
                }
            } else {
                syscall();
                if (blockedOn != null || exited()) {
                    return;
                }
            }
        }
        try {
            cpu.run(pc, count);
        } catch (UnicornException e) {
            if (!exited()) {
                fault(e);
            }
        } catch (RuntimeException e) {
            if (!exited()) {
                bug("engine", e);
            }
        }
        if (!exited()) {
            pc = execEntry >= 0 ? execEntry : cpu.resumePc();
            execEntry = -1;
        }
    }

    /** True while the vfork child has neither exec'd nor exited: the parent stays asleep. */
    private boolean waitVfork() {
        Task c = vforkChild;
        if (c.inVfork && c.state() != Task.State.ZOMBIE) {
            blockedOn = WouldBlock.on(c.vforkDone);
            pendingRestart = true;
            return true;
        }
        vforkChild = null;
        return false;
    }

    /** execve loaded a new image into this process: fresh registers, start at the entry point. */
    void execReset(String newPath, ElfLoader.Image img) {
        path = newPath;
        cpu.resetState();
        cpu.setReg(ArmConst.UC_ARM_REG_SP, img.sp());
        execEntry = img.entry();
        cpu.stop();
    }

    /** Closes the engine once the task is a zombie. */
    void finish() {
        if (!finished) {
            finished = true;
            cpu.close();
        }
    }

    @Override
    public void onSyscall(CpuBackend c) {
        try {
            syscall();
        } catch (Throwable e) {
            bug("syscall", e);
        }
    }

    @Override
    public void onException(CpuBackend c, int intno) {
        try {
            long at = cpu.reg(ArmConst.UC_ARM_REG_PC);
            if (intno == 7) { // EXCP_BKPT
                kill(Signals.SIGTRAP, String.format("si_code=TRAP_BRKPT, si_addr=0x%08x", at));
            } else {
                kill(Signals.SIGILL, String.format("si_code=ILL_ILLTRP, si_addr=0x%08x", at));
            }
        } catch (Throwable e) {
            bug("exception", e);
        }
    }

    private void syscall() {
        int nr = (int) cpu.reg(R7);
        if (nr >= 0xf0000) {
            armPrivate(nr);
            return;
        }
        SyscallTracer tracer = emulator.tracer();
        Object call = tracer == null ? null : tracer.enter(task, nr, args);
        long r;
        try {
            r = kernel.syscalls().dispatch(task, nr, args);
        } catch (WouldBlock b) {
            blockedOn = b;
            pendingRestart = true;
            cpu.stop();
            return;
        }
        if (tracer != null) {
            tracer.exit(call, r);
        }
        if (exited()) {
            cpu.stop();
            return;
        }
        cpu.setReg(R0, r);
        if (task.vforkChild != null) {
            vforkChild = task.vforkChild;
            task.vforkChild = null;
            if (waitVfork()) {
                cpu.stop();
                return;
            }
        }
        if (cpu.flushPending()) {
            cpu.stop(); // code was unmapped: drop translations before running on (next slice)
        }
        if (task.pendingSignal != 0) {
            deliverPending(nr == NR_TGKILL || nr == NR_TKILL ? "SI_TKILL" : "SI_USER");
        }
    }

    /**
     * A fatal signal the kernel recorded (kill/tgkill from this or another process, abort()). Signals
     * are not delivered to handlers in this model: the default action, termination, is taken.
     */
    void deliverPending(String code) {
        int sig = task.pendingSignal;
        if (sig != 0 && !exited()) {
            kill(sig, "si_code=" + code);
        }
    }

    private void armPrivate(int nr) {
        SyscallTracer tracer = emulator.tracer();
        Object call = tracer == null ? null : tracer.enter(task, nr, args);
        long r;
        switch (nr) {
            case ARM_SET_TLS -> {
                cpu.setReg(ArmConst.UC_ARM_REG_C13_C0_3, args.arg(0));
                r = 0;
            }
            case ARM_GET_TLS -> r = cpu.reg(ArmConst.UC_ARM_REG_C13_C0_3);
            case ARM_CACHEFLUSH -> r = cacheflush(args.arg(0), args.arg(1), args.arg(2));
            case ARM_BREAKPOINT -> {
                kill(Signals.SIGTRAP, String.format("si_code=TRAP_BRKPT, si_addr=0x%08x", cpu.reg(ArmConst.UC_ARM_REG_PC)));
                return;
            }
            case ARM_USR26, ARM_USR32 -> {
                kill(Signals.SIGILL, String.format("si_code=ILL_ILLTRP, si_addr=0x%08x", cpu.reg(ArmConst.UC_ARM_REG_PC)));
                return;
            }
            default -> {
                if (nr > 0xf07ff) {
                    kill(Signals.SIGILL, String.format("si_code=ILL_ILLTRP, si_addr=0x%08x", cpu.reg(ArmConst.UC_ARM_REG_PC)));
                    return;
                }
                r = -Errno.ENOSYS;
            }
        }
        if (tracer != null) {
            tracer.exit(call, r);
        }
        cpu.setReg(R0, r);
    }

    private long cacheflush(long start, long end, long flags) {
        if (end < start || flags != 0) {
            return -Errno.EINVAL;
        }
        for (long a = start & ~0xfffL; a < end; a += 0x1000) {
            if (task.mm().findVma(a) == null) {
                return -Errno.EFAULT;
            }
        }
        cpu.flushCode(start, end);
        return 0;
    }

    // ------------------------------------------------------------ signals

    private void fault(UnicornException e) {
        String msg = String.valueOf(e.getMessage());
        UnicornCpu.Fault f = cpu.takeFault();
        long at = cpu.reg(ArmConst.UC_ARM_REG_PC);
        if (msg.contains("UNALIGNED")) {
            kill(Signals.SIGBUS, String.format("si_code=BUS_ADRALN, si_addr=0x%08x", f != null ? f.address() : at));
        } else if (msg.contains("INSN_INVALID") || msg.contains("EXCEPTION")) {
            kill(Signals.SIGILL, String.format("si_code=ILL_ILLOPC, si_addr=0x%08x", at));
        } else if (f != null || msg.contains("UNMAPPED") || msg.contains("_PROT")) {
            boolean maperr = f != null ? f.unmapped() : msg.contains("UNMAPPED");
            long addr = f != null ? f.address() : at;
            kill(Signals.SIGSEGV, String.format("si_code=%s, si_addr=0x%08x", maperr ? "SEGV_MAPERR" : "SEGV_ACCERR", addr));
        } else {
            kernel.log().err("vexmem: %s[%d]: engine error at pc 0x%08x: %s", task.comm(), task.pid(), at, msg);
            kill(Signals.SIGILL, String.format("si_code=ILL_ILLOPC, si_addr=0x%08x", at));
        }
    }

    private void bug(String where, Throwable e) {
        kernel.log().err("BUG: vexmem emulator (%s) for %s[%d]: %s", where, task.comm(), task.pid(), e);
        if (e instanceof RuntimeException re) {
            kernel.recordBug("emulator " + where, re);
        }
        kill(Signals.SIGKILL, "si_code=SI_KERNEL");
    }

    /** Terminates the process with {@code sig}, reporting it as strace does. */
    void kill(int sig, String siginfo) {
        if (exited()) {
            return;
        }
        killedBy = sig;
        report(String.format("--- %s {si_signo=%s, %s} ---%n+++ killed by %s +++%n",
                Signals.name(sig), Signals.name(sig), siginfo, Signals.name(sig)));
        kernel.log().info("%s[%d]: killed by %s", task.comm(), task.pid(), Signals.name(sig));
        try {
            cpu.stop();
        } catch (RuntimeException ignored) {
            // the engine is not running
        }
        if (task.pendingSignal == 0) {
            task.pendingSignal = sig; // wait4 reports the child as killed by it
        }
        task.exit(128 + sig);
    }

    private void report(String s) {
        OutputStream err = stdio.err();
        if (err == null) {
            return;
        }
        try {
            err.write(s.getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // nowhere to report to
        }
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
