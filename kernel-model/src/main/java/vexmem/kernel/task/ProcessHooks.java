package vexmem.kernel.task;

import java.util.List;

/**
 * What the kernel needs from the CPU back end for fork/clone and execve: the kernel copies the task
 * (files, address space, signal dispositions) and the back end copies or replaces the CPU state. The
 * ARM emulator registers itself under this type; without it (Java guests) those calls are ENOSYS.
 */
public interface ProcessHooks {
    /**
     * {@code child} was just copied from {@code parent} inside parent's fork/vfork/clone system call:
     * give it the parent's registers, r0 = 0, sp = {@code newSp} when non-zero, TPIDRURO = {@code tls}
     * when {@code setTls}, and make it runnable.
     */
    void forked(Task parent, Task child, long newSp, boolean setTls, long tls);

    /**
     * Checks that {@code image} is an executable this back end can load; throws
     * {@code KernelError(ENOEXEC)} otherwise. Called before the point of no return.
     */
    void checkExecutable(String path, byte[] image);

    /**
     * Past the point of no return (the old address space is gone, close-on-exec files are closed):
     * loads {@code image} into t's empty address space and resets the CPU to its entry point.
     */
    void exec(Task t, String path, byte[] image, List<String> argv, List<String> envp);

    /**
     * sigreturn / rt_sigreturn ({@code rt}: SA_SIGINFO frame): restores the registers and signal mask saved in the signal frame at the user stack
     * pointer; returns the restored r0. A bad frame kills the task with SIGSEGV.
     */
    long sigreturn(Task t, boolean rt);

    /** current_user_stack_pointer: the task's user sp (0 when the back end has no registers). */
    default long userStackPointer(Task t) {
        return 0;
    }
}
