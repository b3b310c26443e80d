package vexmem.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import vexmem.kernel.Kernel;
import vexmem.kernel.task.Scheduler;
import vexmem.kernel.task.SigState;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WaitQueue;
import vexmem.kernel.syscall.Itimers;
import vexmem.kernel.task.WouldBlock;

/**
 * Round-robin over the runnable ARM processes on one thread. A process alone on the CPU runs until it
 * sleeps or exits (no instruction counting, full engine speed); with competition each turn is limited
 * to {@link #SLICE} instructions so that a process that never makes a system call cannot starve the
 * others. When everything sleeps the virtual clock jumps to the earliest deadline; sleeping with no
 * deadline and nobody left to wake you is a deadlock, and the remaining processes are killed.
 */
public final class GuestScheduler implements Scheduler {
    /** Instructions per turn when several processes compete. */
    public static final long SLICE = 500_000;
    /** Virtual nanoseconds one full turn is worth (a 1 GHz CPU, one instruction per cycle). */
    private static final long SLICE_NANOS = SLICE;

    /** Measurement only: count instructions even for a process running alone. */
    public static volatile boolean forceSlicing;

    private final Kernel kernel;
    private final ArrayDeque<GuestProcess> runQueue = new ArrayDeque<>();
    private final Map<Task, GuestProcess> byTask = new IdentityHashMap<>();
    private final List<GuestProcess> all = new ArrayList<>();

    public GuestScheduler(Kernel kernel) {
        this.kernel = kernel;
    }

    void add(GuestProcess p) {
        byTask.put(p.task(), p);
        all.add(p);
        runQueue.add(p);
    }

    /** Called by wait queues, and by kill() so that a sleeping target notices its fatal signal. */
    @Override
    public synchronized void wake(Task t) {
        GuestProcess p = byTask.get(t);
        if (p == null || !p.parked) {
            return;
        }
        if (p.exited()) {
            // ended while asleep (exit_group or a fatal signal from another thread): leave the wait
            // queues and let the run loop finish it (its engine closes, its deadline stops counting)
            unpark(p);
            runQueue.add(p);
            return;
        }
        if (t.pendingSignal != 0) {
            p.pendingRestart = false; // killed while asleep: the call is never completed
        }
        unpark(p);
        runQueue.add(p);
    }

    private void park(GuestProcess p, WouldBlock b) {
        p.blockedOn = null;
        p.parked = true;
        p.parkedOn = b.queues();
        p.deadline = b.deadlineNanos();
        for (WaitQueue q : p.parkedOn) {
            q.add(p.task());
        }
    }

    private void unpark(GuestProcess p) {
        for (WaitQueue q : p.parkedOn) {
            q.remove(p.task());
        }
        p.parkedOn = List.of();
        p.deadline = -1;
        p.parked = false;
    }

    /** Runs until every process has exited (or deadlocked). */
    public void run() {
        while (true) {
            wakeExpired();
            GuestProcess p;
            synchronized (this) {
                p = runQueue.poll();
            }
            if (p == null) {
                if (!idle()) {
                    return;
                }
                continue;
            }
            if (p.exited()) {
                p.finish();
                continue;
            }
            boolean compete;
            synchronized (this) {
                // an armed ITIMER_REAL that is not ignored also needs slices: virtual time must pass
                // for a process that spins waiting for its SIGALRM
                compete = forceSlicing || !runQueue.isEmpty() || Itimers.wakeupDeadline(p.task()) >= 0
                        || all.stream().anyMatch(o -> o.parked && !o.exited()
                        && (o.deadline >= 0 || Itimers.wakeupDeadline(o.task()) >= 0));
            }
            long before = kernel.clock().nanos();
            p.runSlice(compete ? SLICE : 0);
            if (p.exited()) {
                synchronized (this) {
                    if (p.parked) {
                        unpark(p);
                    }
                }
                p.finish();
            } else if (p.blockedOn != null) {
                synchronized (this) {
                    park(p, p.blockedOn);
                }
            } else {
                if (compete && kernel.clock().nanos() == before) {
                    kernel.clock().advance(SLICE_NANOS);
                }
                synchronized (this) {
                    runQueue.add(p);
                }
            }
        }
    }

    private synchronized void wakeExpired() {
        long now = kernel.clock().nanos();
        for (GuestProcess o : all) {
            if (o.parked && o.deadline >= 0 && o.deadline <= now && !o.exited()) {
                unpark(o);
                runQueue.add(o);
            } else if (o.parked && !o.exited()) {
                long alarm = Itimers.wakeupDeadline(o.task());
                if (alarm >= 0 && alarm <= now && Itimers.expire(o.task())
                        && (o.task().pendingSignal != 0 || SigState.deliverable(o.task()) != 0)) {
                    wake(o.task()); // SIGALRM: at SIG_DFL it ends a sleeping task; a handler interrupts its call
                }
            }
        }
    }

    private static long earliest(long a, long b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    /** Nothing runnable: skip to the next deadline, or report a deadlock. False when nothing is left. */
    private boolean idle() {
        List<GuestProcess> sleeping;
        synchronized (this) {
            sleeping = all.stream().filter(o -> !o.exited()).toList();
        }
        if (sleeping.isEmpty()) {
            return false;
        }
        long next = sleeping.stream().filter(o -> o.parked).mapToLong(o -> earliest(o.deadline, Itimers.wakeupDeadline(o.task())))
                .filter(d -> d >= 0).min().orElse(-1);
        if (next >= 0) {
            kernel.clock().advanceTo(next);
            return true;
        }
        kernel.log().err("vexmem: deadlock: every process sleeps with no timeout and nothing can wake it: %s",
                sleeping);
        for (GuestProcess o : sleeping) {
            synchronized (this) {
                if (o.parked) {
                    unpark(o);
                }
            }
            o.kill(Signals.SIGKILL, "si_code=SI_KERNEL");
            o.finish();
        }
        return false;
    }
}
