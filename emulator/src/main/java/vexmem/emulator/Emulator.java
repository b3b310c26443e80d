package vexmem.emulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import unicorn.ArmConst;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.StdioFiles;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.ProcessHooks;
import vexmem.kernel.task.Task;

/**
 * Runs static ARM Linux binaries on a booted kernel model: one Unicorn engine per process, all on the
 * calling thread under {@link GuestScheduler}.
 */
public final class Emulator implements AutoCloseable, ProcessHooks {
    /** Exit statuses of a run: the combined status and each process's, in start order. */
    public record ExitStatuses(int status, Map<Integer, Integer> byPid) {
    }

    private final Kernel kernel;
    private final GuestScheduler scheduler;
    private final List<GuestProcess> processes = new ArrayList<>();
    /** Processes created by fork/vfork/clone: scheduled like the others, not counted in the run's status. */
    private final List<GuestProcess> forked = new ArrayList<>();
    private final Map<Task, GuestProcess> byTask = new IdentityHashMap<>();
    private SyscallTracer tracer;

    public Emulator(Kernel kernel) {
        this.kernel = kernel;
        this.scheduler = new GuestScheduler(kernel);
        kernel.setScheduler(scheduler);
        // At shutdown the kernel kills what is still alive; the engines go with it.
        kernel.addExitcall(this::close);
        kernel.register(ProcessHooks.class, this);
    }

    /** Ends every process still alive (status 137) and releases every engine. Idempotent. */
    @Override
    public void close() {
        List<GuestProcess> everyone = new ArrayList<>(processes);
        everyone.addAll(forked);
        for (GuestProcess p : everyone) {
            if (!p.exited()) {
                p.task().exit(128 + Signals.SIGKILL);
            }
            p.finish();
        }
    }

    public Kernel kernel() {
        return kernel;
    }

    public void setTracer(SyscallTracer tracer) {
        this.tracer = tracer;
    }

    public SyscallTracer tracer() {
        return tracer;
    }

    public List<GuestProcess> processes() {
        return List.copyOf(processes);
    }

    /** Loads {@code elf} into a new process (argv[0] included in {@code argv}), ready to run. */
    public GuestProcess spawn(Path elf, List<String> argv, Stdio stdio) {
        return spawn(elf, argv, ElfLoader.DEFAULT_ENV, stdio);
    }

    public GuestProcess spawn(Path elf, List<String> argv, List<String> env, Stdio stdio) {
        byte[] image = ElfLoader.read(elf);
        if (kernel.pageAllocator() == null) {
            throw new IllegalStateException("kernel has no page allocator");
        }
        String name = elf.toString();
        List<String> av = argv.isEmpty() ? List.of(name) : argv;
        Task task = kernel.tasks().create(elf.getFileName().toString(), null);
        task.exePath = elf.toAbsolutePath().normalize().toString();
        UnicornCpu cpu = new UnicornCpu(task.mm());
        task.cpuContext = cpu;
        ElfLoader.Image img;
        try {
            installStdio(task, stdio);
            img = ElfLoader.load(task, name, image, av, env);
        } catch (RuntimeException e) {
            task.exit(e instanceof ExecException x ? x.exitCode() : 126);
            cpu.close();
            kernel.tasks().reap(task);
            throw e;
        }
        cpu.setReg(ArmConst.UC_ARM_REG_SP, img.sp());
        cpu.setReg(ArmConst.UC_ARM_REG_R0, 0);
        cpu.setReg(ArmConst.UC_ARM_REG_LR, 0);
        GuestProcess p = new GuestProcess(this, task, cpu, stdio, name, img.entry());
        processes.add(p);
        byTask.put(task, p);
        scheduler.add(p);
        return p;
    }

    /** Processes created by fork/vfork/clone so far, in creation order. */
    public List<GuestProcess> forkedProcesses() {
        return List.copyOf(forked);
    }

    // ------------------------------------------------------------ ProcessHooks

    @Override
    public void forked(Task parent, Task child, long newSp, boolean setTls, long tls) {
        GuestProcess pp = byTask.get(parent);
        if (pp == null) {
            throw new KernelError(Errno.ENOSYS);
        }
        UnicornCpu cpu = new UnicornCpu(child.mm());
        child.cpuContext = cpu;
        long pc;
        try {
            pp.cpu().copyStateTo(cpu);
            pc = pp.cpu().resumePc();
            cpu.setReg(ArmConst.UC_ARM_REG_R0, 0);
            if (newSp != 0) {
                cpu.setReg(ArmConst.UC_ARM_REG_SP, newSp);
            }
            if (setTls) {
                cpu.setReg(ArmConst.UC_ARM_REG_C13_C0_3, tls);
            }
        } catch (RuntimeException e) {
            cpu.close();
            throw e;
        }
        GuestProcess p = new GuestProcess(this, child, cpu, pp.stdio(), pp.path(), pc);
        forked.add(p);
        byTask.put(child, p);
        scheduler.add(p);
    }

    @Override
    public void checkExecutable(String path, byte[] image) {
        try {
            ElfLoader.check(path, image);
        } catch (ExecException e) {
            kernel.log().info("execve %s: %s", path, e.getMessage());
            throw new KernelError(Errno.ENOEXEC);
        }
    }

    @Override
    public void exec(Task t, String path, byte[] image, List<String> argv, List<String> envp) {
        GuestProcess p = byTask.get(t);
        if (p.cpu().mm() != t.mm()) {
            p.cpu().rebind(t.mm()); // a vfork child leaving its parent's address space
        }
        ElfLoader.Image img;
        try {
            img = ElfLoader.load(t, path, image, argv, envp);
        } catch (RuntimeException e) {
            // past the point of no return: the old image is gone (Linux sends SIGSEGV/SIGKILL here)
            kernel.log().err("execve %s: loading failed after the old image was released: %s", path, e.getMessage());
            p.kill(Signals.SIGKILL, "si_code=SI_KERNEL");
            throw new KernelError(Errno.ENOMEM);
        }
        p.execReset(path, img);
    }

    @Override
    public long sigreturn(Task t, boolean rt) {
        GuestProcess p = byTask.get(t);
        if (p == null) {
            throw new KernelError(Errno.ENOSYS);
        }
        return p.sigreturn(rt);
    }

    @Override
    public long userStackPointer(Task t) {
        GuestProcess p = byTask.get(t);
        return p == null || p.exited() ? 0 : p.cpu().reg(ArmConst.UC_ARM_REG_SP);
    }

    private void installStdio(Task task, Stdio stdio) {
        StdioFiles.install(task, stdio.in(), stdio.out(), stdio.err(), stdio.kind());
    }

    /**
     * Runs every spawned process to completion. The combined status is the first process's when it is
     * alone, else the first non-zero status in start order, else 0.
     */
    public ExitStatuses runAll() {
        scheduler.run();
        Map<Integer, Integer> by = new LinkedHashMap<>();
        int status = 0;
        for (GuestProcess p : processes) {
            by.put(p.pid(), p.exitStatus());
            if (status == 0) {
                status = p.exitStatus();
            }
        }
        return new ExitStatuses(status, by);
    }
}
