package vexmem.kernel.inspect;

import vexmem.kernel.Kernel;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.syscall.SyscallObserver;
import vexmem.kernel.task.Task;

/** Keeps the snapshot of the moment (after a system call) with the most pages in use. */
public final class PeakTracker implements SyscallObserver {
    private final Kernel kernel;
    private long peakUsed = -1;
    private long calls;
    private PhysMapSnapshot peak;

    public PeakTracker(Kernel kernel) {
        this.kernel = kernel;
    }

    public PeakTracker attach() {
        kernel.syscalls().addObserver(this);
        return this;
    }

    public void detach() {
        kernel.syscalls().removeObserver(this);
    }

    @Override
    public synchronized void exit(Task task, int nr, SyscallArgs args, long result) {
        calls++;
        long used = PhysMapSnapshot.usedPages(kernel);
        if (used > peakUsed) {
            peakUsed = used;
            peak = PhysMapSnapshot.take(kernel, String.format("peak use: after system call %d (%s by %s[%d])",
                    calls, kernel.syscalls().name(nr), task.comm(), task.pid()));
        }
    }

    /** The peak, or a snapshot of now when no call ran. */
    public synchronized PhysMapSnapshot peak() {
        return peak != null ? peak : PhysMapSnapshot.take(kernel, "peak use (no system call ran)");
    }
}
