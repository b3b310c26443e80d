package vexmem.emulator;

import java.util.HashMap;
import java.util.Map;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.syscall.SyscallObserver;
import vexmem.kernel.task.Task;

/**
 * Traces the system calls of guests that have no CPU back end (the Java guests) from the kernel's
 * one dispatch point. A call that blocks is traced once, when its restart completes, as the ARM
 * path does.
 */
public final class TracingObserver implements SyscallObserver {
    private final SyscallTracer tracer;
    private final Map<Task, Object> inFlight = new HashMap<>();

    public TracingObserver(SyscallTracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public synchronized void enter(Task task, int nr, SyscallArgs args) {
        inFlight.put(task, tracer.enter(task, nr, args));
    }

    @Override
    public synchronized void exit(Task task, int nr, SyscallArgs args, long result) {
        Object call = inFlight.remove(task);
        if (call != null) {
            tracer.exit(call, result);
        }
    }

    @Override
    public synchronized void blocked(Task task, int nr) {
        inFlight.remove(task);
    }
}
