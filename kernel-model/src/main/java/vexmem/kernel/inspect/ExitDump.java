package vexmem.kernel.inspect;

import vexmem.kernel.Kernel;
import vexmem.kernel.syscall.SyscallObserver;
import vexmem.kernel.task.Task;

/**
 * {@code vexmem run --dump}: each process's /proc/pid/maps as it exits (its mappings are still there),
 * and debugfs and meminfo as the last process exits or any process dies of a signal (a crash),
 * before teardown releases what they held.
 */
public final class ExitDump implements SyscallObserver {
    private final Kernel kernel;
    private final StringBuilder out = new StringBuilder();
    private boolean stateTaken;

    public ExitDump(Kernel kernel) {
        this.kernel = kernel;
    }

    public ExitDump attach() {
        kernel.syscalls().addObserver(this);
        return this;
    }

    @Override
    public synchronized void taskExiting(Task t) {
        int status = t.exitStatus();
        boolean crashed = t.pendingSignal != 0 || status > 128;
        out.append(String.format("######## /proc/%d/maps  (%s exiting with status %d%s)%n", t.pid(), t.comm(), status,
                crashed ? ", killed by signal " + (t.pendingSignal != 0 ? t.pendingSignal : status - 128) : ""));
        out.append(Inspect.maps(t));
        long others = kernel.tasks().live().stream().filter(x -> x != t).count();
        if (crashed || others == 0) {
            state(crashed ? "at the crash of " + t.comm() + "[" + t.pid() + "]" : "as the last process, " + t.comm() + "[" + t.pid() + "], exits");
        }
    }

    private void state(String when) {
        stateTaken = true;
        out.append("######## /proc/meminfo  (").append(when).append(")\n").append(Inspect.meminfo(kernel));
        out.append("######## debugfs  (").append(when).append(")\n").append(Inspect.debugfs(kernel));
    }

    /** Detaches and returns the dump; adds the current state if no exit captured it. */
    public synchronized String finish() {
        kernel.syscalls().removeObserver(this);
        if (!stateTaken) {
            state("at the end of the run");
        }
        return out.toString();
    }
}
