package vexmem.kernel.task;

import java.util.List;

/**
 * Thrown by a kernel path that has to sleep (accept with no pending connection, recvmsg on an empty
 * socket, nanosleep). Nothing has changed when it is thrown; the scheduler parks the task on the
 * queues (or until the deadline, in virtual nanoseconds) and then restarts the whole system call,
 * the way Linux restarts with -ERESTARTSYS. Stackless: it is control flow, not an error.
 */
public final class WouldBlock extends RuntimeException {
    private final List<WaitQueue> queues;
    private final long deadlineNanos;

    private WouldBlock(List<WaitQueue> queues, long deadlineNanos) {
        super(null, null, false, false);
        this.queues = queues;
        this.deadlineNanos = deadlineNanos;
    }

    /** Sleep until one of the queues is woken (or the deadline passes, if not -1). */
    public static WouldBlock on(long deadlineNanos, WaitQueue... qs) {
        return new WouldBlock(List.of(qs), deadlineNanos);
    }

    public static WouldBlock on(WaitQueue... qs) {
        return new WouldBlock(List.of(qs), -1);
    }

    public static WouldBlock until(long deadlineNanos) {
        return new WouldBlock(List.of(), deadlineNanos);
    }

    public List<WaitQueue> queues() {
        return queues;
    }

    /** Virtual-clock deadline in ns, -1 for none. */
    public long deadlineNanos() {
        return deadlineNanos;
    }
}
