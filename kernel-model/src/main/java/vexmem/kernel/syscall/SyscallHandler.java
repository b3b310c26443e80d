package vexmem.kernel.syscall;

import vexmem.kernel.task.Task;

/** One system call's implementation: returns the result, or throws KernelError / WouldBlock. */
@FunctionalInterface
public interface SyscallHandler {
    long call(Task current, SyscallArgs args);
}
