package vexmem.emulator;

import java.io.PrintStream;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.task.Task;

/** Placeholder; replaced below. */
public class SyscallTracer {
    private final PrintStream out;

    public SyscallTracer(PrintStream out) {
        this.out = out;
    }

    public Object enter(Task task, int nr, SyscallArgs args) {
        return new Object[] {task, nr};
    }

    public void exit(Object call, long result) {
        Object[] c = (Object[]) call;
        out.println(((Task) c[0]).pid() + " syscall_" + c[1] + "() = " + result);
    }
}
