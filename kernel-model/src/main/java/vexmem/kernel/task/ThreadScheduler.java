package vexmem.kernel.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vexmem.kernel.Kernel;

/**
 * Runs Java guest processes, each on its own Java thread, one at a time: a run token passes in FIFO
 * order whenever the holder blocks or exits, so runs are deterministic. A blocked task is parked on
 * its wait queues and retries its system call when woken. When nothing can run, virtual time jumps to
 * the earliest sleeper's deadline; if there is none, the sleepers are deadlocked and are killed with
 * SIGKILL (logged), so a broken guest cannot hang the runner.
 */
public final class ThreadScheduler implements Scheduler {
    /** Thrown on a killed task's thread to unwind its program. */
    public static final class TaskKilled extends RuntimeException {
        public TaskKilled(int sig) {
            super("killed by signal " + sig, null, false, false);
        }
    }

    private final Kernel k;
    private final ArrayDeque<Task> runQueue = new ArrayDeque<>();
    private final Map<Task, WouldBlock> parked = new LinkedHashMap<>();
    private final Set<Task> admitted = new HashSet<>();
    private Task running;

    public ThreadScheduler(Kernel k) {
        this.k = k;
    }

    /** Adds a task to the run queue (in the caller's order, which fixes the schedule). */
    public synchronized void admit(Task t) {
        admitted.add(t);
        runQueue.add(t);
    }

    /** Hands out the token if nobody holds it (starting the run). */
    public synchronized void start() {
        if (running == null) {
            dispatchNext();
        }
    }

    /** Called on a task's own thread: returns once it holds the token. */
    public synchronized void awaitTurn(Task t) {
        while (running != t) {
            waitUninterruptibly();
        }
    }

    /** Parks the running task as {@code wb} asks, passes the token, returns when woken and scheduled. */
    public void block(Task t, WouldBlock wb) {
        synchronized (this) {
            if (running != t) {
                throw new IllegalStateException(t + " blocks without the run token");
            }
            parked.put(t, wb);
        }
        for (WaitQueue q : wb.queues()) {
            q.add(t);
        }
        synchronized (this) {
            running = null;
            dispatchNext();
            while (running != t) {
                waitUninterruptibly();
            }
        }
        if (t.pendingSignal != 0) {
            throw new TaskKilled(t.pendingSignal);
        }
    }

    @Override
    public void wake(Task t) {
        WouldBlock wb;
        synchronized (this) {
            wb = parked.remove(t);
            if (wb == null) {
                return;
            }
            runQueue.add(t);
        }
        for (WaitQueue q : wb.queues()) {
            q.remove(t);
        }
    }

    /** The task's thread is done (the task is a zombie): pass the token on. */
    public synchronized void finished(Task t) {
        admitted.remove(t);
        parked.remove(t);
        runQueue.remove(t);
        if (running == t) {
            running = null;
            dispatchNext();
        }
        notifyAll();
    }

    /** Waits until every admitted task has finished. */
    public synchronized void awaitAll() {
        while (!admitted.isEmpty()) {
            waitUninterruptibly();
        }
    }

    private void dispatchNext() {
        wakeExpired();
        if (runQueue.isEmpty() && !parked.isEmpty()) {
            long earliest = parked.values().stream().mapToLong(WouldBlock::deadlineNanos).filter(d -> d >= 0)
                    .min().orElse(-1);
            if (earliest >= 0) {
                k.clock().advanceTo(earliest);
                wakeExpired();
            } else {
                for (Task t : new ArrayList<>(parked.keySet())) {
                    k.log().err("sched: %s[%d] blocked forever (every task is waiting, none can wake it): "
                            + "killing it with SIGKILL", t.comm(), t.pid());
                    t.pendingSignal = 9;
                    wakeLocked(t);
                }
            }
        }
        running = runQueue.poll();
        notifyAll();
    }

    private void wakeExpired() {
        long now = k.clock().nanos();
        List<Task> due = new ArrayList<>();
        for (var e : parked.entrySet()) {
            long d = e.getValue().deadlineNanos();
            if (d >= 0 && d <= now) {
                due.add(e.getKey());
            }
        }
        for (Task t : due) {
            wakeLocked(t);
        }
    }

    private void wakeLocked(Task t) {
        WouldBlock wb = parked.remove(t);
        if (wb != null) {
            runQueue.add(t);
            for (WaitQueue q : wb.queues()) {
                q.remove(t);
            }
        }
    }

    private void waitUninterruptibly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scheduler interrupted", e);
        }
    }
}
