package vexmem.kernel.task;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * wait_queue_head_t: tasks parked until something changes (data arrives, a peer connects). Waking
 * makes every waiter runnable again; each retries its system call and may park again (as Linux's
 * wait_event loops re-check their condition).
 */
public final class WaitQueue {
    private final Set<Task> waiters = new LinkedHashSet<>();

    public synchronized void add(Task t) {
        waiters.add(t);
    }

    public synchronized void remove(Task t) {
        waiters.remove(t);
    }

    public synchronized boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** wake_up_interruptible_all. */
    public void wakeUp() {
        List<Task> ws;
        synchronized (this) {
            ws = List.copyOf(waiters);
            waiters.clear();
        }
        for (Task t : ws) {
            t.wake();
        }
    }
}
