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
import vexmem.kernel.syscall.Itimers;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.task.SigState;
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
    /** The current run has no instruction limit (the process runs alone). */
    private boolean unlimited;
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
        Itimers.expire(task); // a CPU-bound process notices its ITIMER_REAL between slices
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
            } else if (SigState.deliverable(task) != 0) {
                interruptCall();
                if (exited()) {
                    return;
                }
            } else {
                syscall();
                if (blockedOn != null || exited()) {
                    return;
                }
            }
        } else if (SigState.deliverable(task) != 0) {
            long at = deliverSignals(pc);
            if (exited()) {
                return;
            }
            pc = at;
        }
        unlimited = count == 0;
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
        boolean stopping = false;
        if (cpu.flushPending()) {
            cpu.stop(); // code was unmapped: drop translations before running on (next slice)
            stopping = true;
        } else if (unlimited && Itimers.wakeupDeadline(task) >= 0) {
            cpu.stop(); // an armed timer: the scheduler must count instructions (virtual time) from now on
            stopping = true;
        }
        if (task.pendingSignal != 0) {
            deliverPending(nr == NR_TGKILL || nr == NR_TKILL ? "SI_TKILL" : "SI_USER");
        } else if (!stopping && SigState.deliverable(task) != 0) {
            // (when stopping, the signal is delivered at the start of the next slice: a PC write from
            // the hook would cancel the stop)
            deliverSignals(currentPc()); // a handler's entry is written to PC: the engine goes on there
        }
    }

    /**
     * A fatal signal the kernel recorded (kill/tgkill from this or another process, abort(), SIGALRM):
     * unhandled and unblocked, so the default action, termination, is taken.
     */
    void deliverPending(String code) {
        int sig = task.pendingSignal;
        if (sig != 0 && !exited()) {
            if (task.pendingSignalCode == SigState.SI_KERNEL) {
                code = "SI_KERNEL";
            }
            kill(sig, "si_code=" + code);
        }
    }

    // ------------------------------------------------------------ delivery to handlers (signal.c)

    /**
     * rt_sigframe (SA_SIGINFO): siginfo (128) + ucontext (744) + retcode (8); sigframe (without
     * SA_SIGINFO, returned from with sigreturn 119): ucontext + retcode. Offsets inside the ucontext:
     */
    static final int RT_FRAME_SIZE = 880, FRAME_SIZE = 752, MCONTEXT = 20, SIGMASK = 104, REGSPACE = 232;
    static final int VFP_MAGIC = 0x56465001, VFP_SIZE = 288;
    private static final int TIMER_ABSTIME = 1;
    private static final int NR_RESTART_NOHAND_PAUSE = 29, NR_SIGSUSPEND = 179, NR_NANOSLEEP = 162,
            NR_CLOCK_NANOSLEEP = 265, NR_CLOCK_NANOSLEEP64 = 407, NR_SELECT = 142, NR_PSELECT6 = 335,
            NR_POLL = 168, NR_PPOLL = 336, NR_PSELECT6_64 = 413, NR_PPOLL64 = 414, NR_FUTEX = 240,
            NR_FUTEX_TIME64 = 422;
    private static final int CPSR_T = 0x20;

    /** The PC the process resumes at (bit 0 = Thumb): the exec entry when execve just ran, else the engine's. */
    private long currentPc() {
        return execEntry >= 0 ? execEntry : cpu.resumePc();
    }

    /**
     * A handled signal arrived while the process slept in a system call: the call returns EINTR, or
     * with SA_RESTART (and a restartable call) the svc is executed again when the handler returns.
     * pause, sigsuspend, the sleeps and select/poll always give EINTR, as in Linux.
     */
    private void interruptCall() {
        int nr = (int) cpu.reg(R7);
        if (task.futexWaiter != null && task.futexWaiter.woken()) {
            // futex_wait: a wake that already happened wins over the signal (unqueue_me fails): the
            // call completes (0) and the handler runs on its return
            SyscallTracer tracer = emulator.tracer();
            Object call = tracer == null ? null : tracer.enter(task, nr, args);
            long r = kernel.syscalls().dispatch(task, nr, args);
            if (tracer != null) {
                tracer.exit(call, r);
            }
            cpu.setReg(R0, r);
            pc = deliverSignals(pc);
            return;
        }
        int sig = Long.numberOfTrailingZeros(SigState.deliverable(task)) + 1;
        boolean noRestart = nr == NR_RESTART_NOHAND_PAUSE || nr == NR_SIGSUSPEND || nr == NR_NANOSLEEP
                || nr == NR_CLOCK_NANOSLEEP || nr == NR_CLOCK_NANOSLEEP64 || nr == NR_SELECT || nr == NR_PSELECT6
                || nr == NR_POLL || nr == NR_PPOLL || nr == NR_PSELECT6_64 || nr == NR_PPOLL64
                || ((nr == NR_FUTEX || nr == NR_FUTEX_TIME64) && vexmem.kernel.syscall.FutexSyscalls.timedWait(args.intArg(1), args.arg(3)));
        task.cancelSleep(); // a futex waiter leaves its queue
        long h = SigState.handler(task, sig);
        boolean restart = !noRestart && h > SigState.SIG_IGN && (SigState.flags(task, sig) & SigState.SA_RESTART) != 0;
        int result = restart ? 0 : writeRemainingSleep(nr);
        task.sleepDeadline = -1;
        long resume = pc;
        SyscallTracer tracer = emulator.tracer();
        if (restart) {
            resume = (pc & 1) != 0 ? ((pc & ~1L) - 2) | 1 : pc - 4; // back to the svc
            if (tracer != null) {
                tracer.line(task, tracer.name(task, nr) + "(...) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
            }
        } else {
            if (tracer != null) {
                tracer.exit(tracer.enter(task, nr, args), result);
            }
            cpu.setReg(R0, result);
        }
        pc = deliverSignals(resume);
    }

    /**
     * An interrupted relative nanosleep/clock_nanosleep stores the time left in {@code rem} when it is
     * not NULL (nanosleep_copyout). Returns the call's result: -EINTR, or -EFAULT if rem is unwritable.
     */
    private int writeRemainingSleep(int nr) {
        long rem;
        boolean time64 = nr == NR_CLOCK_NANOSLEEP64;
        if (nr == NR_NANOSLEEP) {
            rem = args.arg(1);
        } else if ((nr == NR_CLOCK_NANOSLEEP || nr == NR_CLOCK_NANOSLEEP64) && (args.intArg(1) & TIMER_ABSTIME) == 0) {
            rem = args.arg(3);
        } else {
            return -Errno.EINTR;
        }
        if (rem == 0 || task.sleepDeadline < 0) {
            return -Errno.EINTR;
        }
        long left = Math.max(0, task.sleepDeadline - kernel.clock().nanos());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(time64 ? 16 : 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (time64) {
            b.putLong(0, left / 1_000_000_000L).putInt(8, (int) (left % 1_000_000_000L));
        } else {
            b.putInt(0, (int) (left / 1_000_000_000L)).putInt(4, (int) (left % 1_000_000_000L));
        }
        try {
            task.mm().copyToUser(rem, b.array());
        } catch (vexmem.kernel.KernelError e) {
            return -Errno.EFAULT;
        }
        return -Errno.EINTR;
    }

    /**
     * Delivers the lowest deliverable signal: default actions (terminate, ignore) or a frame for its
     * handler. Returns the PC to resume at: the handler's entry, or {@code resumePc} when nothing ran.
     */
    private long deliverSignals(long resumePc) {
        while (!exited()) {
            long d = SigState.deliverable(task);
            if (d == 0) {
                if (task.inSigsuspend) { // every signal was ignored: restore_saved_sigmask
                    task.inSigsuspend = false;
                    task.sigmask = task.sigsuspendOld;
                }
                return resumePc;
            }
            int sig = Long.numberOfTrailingZeros(d) + 1;
            int code;
            int from;
            synchronized (task) {
                task.sigpending &= ~SigState.bit(sig);
                code = task.sigCode[sig];
                from = task.sigPid[sig];
            }
            long h = SigState.handler(task, sig);
            String info = siginfoText(sig, code, from, -1);
            if (h == SigState.SIG_IGN || (h == SigState.SIG_DFL && SigState.defaultIgnored(sig))) {
                continue;
            }
            if (h == SigState.SIG_DFL) {
                kill(sig, info);
                return resumePc;
            }
            return setupFrame(sig, code, from, -1, info, resumePc);
        }
        return resumePc;
    }

    private static String codeName(int sig, int code) {
        if (code == SigState.SI_USER) {
            return "SI_USER";
        } else if (code == SigState.SI_KERNEL) {
            return "SI_KERNEL";
        } else if (code == SigState.SI_TKILL) {
            return "SI_TKILL";
        }
        return switch (sig) {
            case Signals.SIGSEGV -> code == 1 ? "SEGV_MAPERR" : "SEGV_ACCERR";
            case Signals.SIGBUS -> code == 1 ? "BUS_ADRALN" : Integer.toString(code);
            case Signals.SIGILL -> code == 1 ? "ILL_ILLOPC" : code == 4 ? "ILL_ILLTRP" : Integer.toString(code);
            case Signals.SIGTRAP -> code == 1 ? "TRAP_BRKPT" : Integer.toString(code);
            case Signals.SIGCHLD -> code == 1 ? "CLD_EXITED" : code == 2 ? "CLD_KILLED" : Integer.toString(code);
            default -> Integer.toString(code);
        };
    }

    private static String siginfoText(int sig, int code, int pid, long addr) {
        String c = "si_code=" + codeName(sig, code);
        if (addr >= 0) {
            return c + String.format(", si_addr=0x%08x", addr);
        }
        if (code == SigState.SI_USER || code == SigState.SI_TKILL || sig == Signals.SIGCHLD) {
            return c + ", si_pid=" + pid + ", si_uid=0";
        }
        return c;
    }

    /**
     * setup_rt_frame: pushes an rt_sigframe (siginfo, ucontext with the interrupted registers, the
     * signal mask and the VFP state) below sp, blocks sa_mask + sig, and points the CPU at the handler:
     * r0 = sig, r1 = &info, r2 = &uc, lr = sa_restorer (or a trampoline on the vector page), Thumb state
     * from bit 0 of the handler. A frame that cannot be written kills the process with SIGSEGV.
     * Returns the handler's entry (bit 0 = Thumb).
     */
    private long setupFrame(int sig, int code, int from, long addr, String info, long resumePc) {
        long h = SigState.handler(task, sig);
        int flags = SigState.flags(task, sig);
        SyscallTracer tracer = emulator.tracer();
        if (tracer != null) {
            tracer.line(task, String.format("--- %s {si_signo=%s, %s} ---", Signals.name(sig), Signals.name(sig), info));
        }
        boolean rt = (flags & SigState.SA_SIGINFO) != 0;
        int ucOff = rt ? 128 : 0;
        long sp = cpu.reg(ArmConst.UC_ARM_REG_SP);
        int size = rt ? RT_FRAME_SIZE : FRAME_SIZE;
        // sigsp: SA_ONSTACK moves the frame to the top of the alternate stack unless already on it
        long base = (flags & SigState.SA_ONSTACK) != 0 && task.sasSize != 0 && !SigState.onSigStack(task, sp)
                ? task.sasSp + task.sasSize : sp;
        long frame = (base - size) & ~7L;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (rt) {
            b.putInt(0, sig).putInt(8, code);
            if (addr >= 0) {
                b.putInt(12, (int) addr);
            } else {
                b.putInt(12, from);
            }
        }
        // uc_stack: the alternate stack as it was when the signal arrived (__save_altstack)
        b.putInt(ucOff + 8, (int) task.sasSp).putInt(ucOff + 12, SigState.altStackFlags(task, sp))
                .putInt(ucOff + 16, (int) task.sasSize);
        long savedMask = task.inSigsuspend ? task.sigsuspendOld : task.sigmask;
        task.inSigsuspend = false;
        long cpsr = cpu.reg(ArmConst.UC_ARM_REG_CPSR);
        cpsr = (resumePc & 1) != 0 ? cpsr | CPSR_T : cpsr & ~CPSR_T;
        b.putInt(ucOff + MCONTEXT, addr >= 0 ? 14 : 0).putInt(ucOff + MCONTEXT + 8, (int) savedMask);
        for (int i = 0; i <= 12; i++) {
            b.putInt(ucOff + MCONTEXT + 12 + 4 * i, (int) cpu.reg(ArmConst.UC_ARM_REG_R0 + i));
        }
        b.putInt(ucOff + MCONTEXT + 64, (int) sp).putInt(ucOff + MCONTEXT + 68, (int) cpu.reg(ArmConst.UC_ARM_REG_LR))
                .putInt(ucOff + MCONTEXT + 72, (int) (resumePc & ~1L)).putInt(ucOff + MCONTEXT + 76, (int) cpsr)
                .putInt(ucOff + MCONTEXT + 80, addr >= 0 ? (int) addr : 0);
        b.putLong(ucOff + SIGMASK, savedMask);
        b.putInt(ucOff + REGSPACE, VFP_MAGIC).putInt(ucOff + REGSPACE + 4, VFP_SIZE);
        byte[] dregs = cpu.vfpRegisters();
        b.put(ucOff + REGSPACE + 8, dregs);
        b.putInt(ucOff + REGSPACE + 264, (int) cpu.reg(ArmConst.UC_ARM_REG_FPSCR));
        b.putInt(ucOff + REGSPACE + 272, (int) cpu.reg(ArmConst.UC_ARM_REG_FPEXC));
        // REGSPACE + VFP_SIZE: the end marker (magic 0), already zero
        try {
            task.mm().copyToUser(frame, b.array());
        } catch (vexmem.kernel.KernelError e) {
            kernel.log().info("%s[%d]: cannot write the %s frame at 0x%08x: SIGSEGV", task.comm(), task.pid(),
                    Signals.name(sig), frame);
            kill(Signals.SIGSEGV, "si_code=SI_KERNEL");
            return resumePc;
        }
        if ((task.sasFlags & SigState.SS_AUTODISARM) != 0) {
            SigState.resetAltStack(task);
        }
        task.sigmask |= SigState.mask(task, sig) | ((flags & SigState.SA_NODEFER) != 0 ? 0 : SigState.bit(sig));
        task.sigmask &= ~(SigState.bit(Signals.SIGKILL) | SigState.bit(Signals.SIGSTOP));
        if ((flags & SigState.SA_RESETHAND) != 0) {
            task.sigactions.remove(sig);
        }
        long restorer = (flags & SigState.SA_RESTORER) != 0 ? SigState.restorer(task, sig)
                : rt ? UnicornCpu.RT_SIGRETURN_TRAMPOLINE : UnicornCpu.SIGRETURN_TRAMPOLINE;
        cpu.setReg(ArmConst.UC_ARM_REG_R0, sig);
        if (rt) {
            cpu.setReg(ArmConst.UC_ARM_REG_R1, frame);
            cpu.setReg(ArmConst.UC_ARM_REG_R2, frame + ucOff);
        }
        cpu.setReg(ArmConst.UC_ARM_REG_SP, frame);
        cpu.setReg(ArmConst.UC_ARM_REG_LR, restorer);
        long newCpsr = (cpsr & ~(CPSR_T | 0x0600fc00L | 0x200L)) | ((h & 1) != 0 ? CPSR_T : 0);
        cpu.setReg(ArmConst.UC_ARM_REG_CPSR, newCpsr);
        cpu.setReg(ArmConst.UC_ARM_REG_PC, h); // bit 0 = Thumb, as Unicorn's PC write takes it
        return h;
    }

    /** (rt_)sigreturn: the frame is at sp (the handler returned through sa_restorer). */
    long sigreturn(boolean rt) {
        int ucOff = rt ? 128 : 0;
        long frame = cpu.reg(ArmConst.UC_ARM_REG_SP);
        byte[] raw;
        try {
            if ((frame & 7) != 0) {
                throw new vexmem.kernel.KernelError(Errno.EFAULT);
            }
            raw = task.mm().copyFromUser(frame, rt ? RT_FRAME_SIZE : FRAME_SIZE);
        } catch (vexmem.kernel.KernelError e) {
            kill(Signals.SIGSEGV, "si_code=SI_KERNEL");
            return 0;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        task.sigmask = b.getLong(ucOff + SIGMASK) & ~(SigState.bit(Signals.SIGKILL) | SigState.bit(Signals.SIGSTOP));
        for (int i = 0; i <= 12; i++) {
            cpu.setReg(ArmConst.UC_ARM_REG_R0 + i, b.getInt(ucOff + MCONTEXT + 12 + 4 * i) & 0xffffffffL);
        }
        long cpsr = b.getInt(ucOff + MCONTEXT + 76) & 0xffffffffL;
        // valid_user_regs: user mode, flags/GE/IT/T/E kept, interrupt masks clear
        cpsr = (cpsr & 0xff0ffe20L & ~0x1c0L) | 0x10;
        cpu.setReg(ArmConst.UC_ARM_REG_CPSR, cpsr);
        cpu.setReg(ArmConst.UC_ARM_REG_SP, b.getInt(ucOff + MCONTEXT + 64) & 0xffffffffL);
        cpu.setReg(ArmConst.UC_ARM_REG_LR, b.getInt(ucOff + MCONTEXT + 68) & 0xffffffffL);
        long pcv = b.getInt(ucOff + MCONTEXT + 72) & 0xffffffffL;
        if (b.getInt(ucOff + REGSPACE) == VFP_MAGIC && b.getInt(ucOff + REGSPACE + 4) == VFP_SIZE) {
            byte[] d = new byte[256];
            b.get(ucOff + REGSPACE + 8, d);
            cpu.setVfpRegisters(d);
            cpu.setReg(ArmConst.UC_ARM_REG_FPSCR, b.getInt(ucOff + REGSPACE + 264) & 0xffffffffL);
        }
        if (rt) {
            // restore_altstack with the frame's sp: refused (EPERM, ignored) while still on the alternate stack
            try {
                SigState.setAltStack(task, b.getInt(ucOff + 8) & 0xffffffffL, b.getInt(ucOff + 12),
                        b.getInt(ucOff + 16) & 0xffffffffL, frame);
            } catch (vexmem.kernel.KernelError ignored) {
                // only EFAULT would matter, and the frame was already read
            }
        }
        boolean thumb = (cpsr & CPSR_T) != 0;
        // A PC write from inside the svc hook redirects the running engine (bit 0 selects Thumb).
        cpu.setReg(ArmConst.UC_ARM_REG_PC, thumb ? (pcv & ~1L) | 1 : pcv & ~3L);
        return b.getInt(ucOff + MCONTEXT + 12) & 0xffffffffL;
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
            long a = f != null ? f.address() : at;
            faultSignal(Signals.SIGBUS, 1, a, String.format("si_code=BUS_ADRALN, si_addr=0x%08x", a));
        } else if (msg.contains("INSN_INVALID") || msg.contains("EXCEPTION")) {
            faultSignal(Signals.SIGILL, 1, at, String.format("si_code=ILL_ILLOPC, si_addr=0x%08x", at));
        } else if (f != null || msg.contains("UNMAPPED") || msg.contains("_PROT")) {
            boolean maperr = f != null ? f.unmapped() : msg.contains("UNMAPPED");
            long addr = f != null ? f.address() : at;
            faultSignal(Signals.SIGSEGV, maperr ? 1 : 2, addr,
                    String.format("si_code=%s, si_addr=0x%08x", maperr ? "SEGV_MAPERR" : "SEGV_ACCERR", addr));
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

    /**
     * A synchronous signal from a fault: runs the handler when one is installed and the signal is not
     * blocked (force_sig_info otherwise resets it to SIG_DFL: the process is killed).
     */
    private void faultSignal(int sig, int code, long addr, String info) {
        long h = SigState.handler(task, sig);
        boolean blocked = (task.sigmask & SigState.bit(sig)) != 0;
        if (h > SigState.SIG_IGN && !blocked) {
            long at = cpu.reg(ArmConst.UC_ARM_REG_PC);
            boolean thumb = (cpu.reg(ArmConst.UC_ARM_REG_CPSR) & CPSR_T) != 0;
            setupFrame(sig, code, task.pid(), addr, info, thumb ? at | 1 : at); // PC now at the handler
            return;
        }
        kill(sig, info);
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
