package vexmem.kernel.syscall;

import vexmem.kernel.task.Task;

/**
 * Watches system calls at the one dispatch point both guest kinds share ({@link SyscallTable#dispatch}).
 * The scenario recorder uses it. Observers must not change what the guest sees: they only read.
 * Calls from one task never nest; {@link #blocked} ends a call that threw WouldBlock (it will be
 * dispatched again from the start), {@link #exit} a completed one.
 */
public interface SyscallObserver {
    default void enter(Task task, int nr, SyscallArgs args) {
    }

    default void exit(Task task, int nr, SyscallArgs args, long result) {
    }

    default void blocked(Task task, int nr) {
    }

    /** A task was created (before anything is loaded into it). */
    default void taskCreated(Task task) {
    }

    /** A task is about to exit: its files and mappings are still there. */
    default void taskExiting(Task task) {
    }

    /** A task ended; inside a system call when one is being dispatched, else (a fatal signal) outside. */
    default void taskExited(Task task) {
    }
}
