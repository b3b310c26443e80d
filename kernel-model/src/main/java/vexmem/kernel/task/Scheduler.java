package vexmem.kernel.task;

/**
 * What the kernel needs from whoever runs tasks (the ARM emulator's round-robin loop, or the thread
 * scheduler used by Java guests): to be told that a parked task may run again.
 */
public interface Scheduler {
    void wake(Task t);

    /** A scheduler that has nothing parked: waking is a no-op (single-task use, unit tests). */
    Scheduler NONE = t -> { };
}
