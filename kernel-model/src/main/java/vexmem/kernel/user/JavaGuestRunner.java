package vexmem.kernel.user;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.HostConsole;
import vexmem.kernel.fs.StdioFiles;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.ThreadScheduler;

/**
 * Runs Java guest programs as processes of a kernel under a {@link ThreadScheduler}, each with its
 * own captured stdout/stderr. A program that throws is reported in the kernel log and ends with
 * status 134 (as SIGABRT would); the runner itself carries on.
 */
public final class JavaGuestRunner {
    /** How a process ended: exit status (128 + signal when killed) and what it printed. */
    public record Result(String name, int pid, int status, String stdout, String stderr) {
    }

    private static final class Proc {
        final Task task;
        final GuestProgram program;
        final String[] args;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;

        Proc(Task task, GuestProgram program, String[] args) {
            this.task = task;
            this.program = program;
            this.args = args;
        }
    }

    private final Kernel k;
    private final ThreadScheduler sched;
    private final List<Proc> procs = new ArrayList<>();

    public JavaGuestRunner(Kernel k) {
        this.k = k;
        this.sched = new ThreadScheduler(k);
        k.setScheduler(sched);
    }

    public ThreadScheduler scheduler() {
        return sched;
    }

    /** Creates the process now (pid order = spawn order); it starts running in {@link #run}. */
    public Task spawn(String name, GuestProgram program, String... args) {
        return spawn(null, name, program, args);
    }

    /** Spawns a child of {@code parent} (what fork+exec would give): the parent can wait4 for it. */
    public Task spawn(Task parent, String name, GuestProgram program, String... args) {
        Task t = k.tasks().create(name, parent);
        t.exePath = "/usr/bin/" + name;
        Proc p = new Proc(t, program, args);
        StdioFiles.install(t, new ByteArrayInputStream(new byte[0]), p.out, p.err, HostConsole.Kind.PIPE);
        procs.add(p);
        return t;
    }

    /** Runs every spawned process to completion; results in spawn order. */
    public List<Result> run() {
        List<Thread> threads = new ArrayList<>();
        List<Proc> batch = new ArrayList<>(procs);
        procs.clear();
        for (Proc p : batch) {
            sched.admit(p.task);
            Thread th = new Thread(() -> body(p), "guest-" + p.task.comm() + "-" + p.task.pid());
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        sched.start();
        sched.awaitAll();
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Result> out = new ArrayList<>();
        for (Proc p : batch) {
            out.add(new Result(p.task.comm(), p.task.pid(), p.status,
                    p.out.toString(StandardCharsets.UTF_8), p.err.toString(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private void body(Proc p) {
        Task t = p.task;
        sched.awaitTurn(t);
        int status;
        try {
            Libc libc = new Libc(t, sched);
            status = p.program.main(libc, p.args) & 0xff;
        } catch (Libc.Exit e) {
            status = e.status;
        } catch (ThreadScheduler.TaskKilled e) {
            status = 128 + t.pendingSignal;
        } catch (Throwable e) {
            k.log().err("%s[%d]: guest program crashed: %s; killing it (SIGABRT)", t.comm(), t.pid(), e);
            t.pendingSignal = 6;
            status = 134;
        }
        if (t.pendingSignal != 0) {
            status = 128 + t.pendingSignal;
        }
        try {
            if (t.state() != Task.State.ZOMBIE) {
                t.exit(status);
            }
        } catch (RuntimeException e) {
            k.log().err("%s[%d]: exit failed: %s", t.comm(), t.pid(), e);
        } finally {
            p.status = status;
            sched.finished(t);
        }
    }
}
