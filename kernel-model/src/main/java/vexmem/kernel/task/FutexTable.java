package vexmem.kernel.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.mm.Vma;

/**
 * The futex hash (kernel/futex.c): tasks sleeping in FUTEX_WAIT, queued per futex key in arrival
 * order. A key is (address space, user address) for a private mapping or a FUTEX_PRIVATE_FLAG call,
 * and the physical address for a shared mapping, so that processes sharing a page (MAP_SHARED, a
 * dma-buf) meet on the same futex, as get_futex_key arranges.
 */
public final class FutexTable {
    /** FUTEX_BITSET_MATCH_ANY. */
    public static final int BITSET_ANY = 0xffffffff;

    /** One futex: its owner space (an AddressSpace or the PhysicalMemory) and address in it. */
    record Key(Object space, long addr) {
    }

    /** A task in FUTEX_WAIT: parked on its own queue until a wake picks it (or a signal, a timeout). */
    public static final class Waiter {
        final Task task;
        Key key;
        final int bitset;
        final long deadline;
        final WaitQueue queue = new WaitQueue();
        boolean woken;

        Waiter(Task task, Key key, int bitset, long deadline) {
            this.task = task;
            this.key = key;
            this.bitset = bitset;
            this.deadline = deadline;
        }

        /** Absolute virtual deadline of the wait, -1 for none. */
        public long deadline() {
            return deadline;
        }

        /** True once a FUTEX_WAKE (or requeue + wake) took this waiter off its futex. */
        public boolean woken() {
            return woken;
        }

        public WaitQueue queue() {
            return queue;
        }
    }

    private final Map<Key, ArrayDeque<Waiter>> waiting = new HashMap<>();

    /** The kernel's futex table, created on first use. */
    public static FutexTable of(Kernel k) {
        synchronized (k) {
            return k.findService(FutexTable.class).orElseGet(() -> {
                FutexTable f = new FutexTable();
                k.register(FutexTable.class, f);
                return f;
            });
        }
    }

    /** get_futex_key: EINVAL for a misaligned address, EFAULT when nothing is mapped there. */
    Key key(Task t, long uaddr, boolean privateFutex) {
        uaddr &= 0xffffffffL;
        if ((uaddr & 3) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (privateFutex) {
            return new Key(t.mm(), uaddr);
        }
        Vma v = t.mm().findVma(uaddr);
        if (v == null) {
            throw new KernelError(Errno.EFAULT);
        }
        if (v.isShared()) {
            return new Key(t.mm().physicalMemory(), t.mm().translate(uaddr, 0));
        }
        return new Key(t.mm(), uaddr);
    }

    /** Validates the futex address (alignment, mapping) as get_futex_key does. */
    public void checkKey(Task t, long uaddr, boolean privateFutex) {
        key(t, uaddr, privateFutex);
    }

    /** Queues {@code t} on the futex; the caller then sleeps on the waiter's queue. */
    public synchronized Waiter enqueue(Task t, long uaddr, boolean privateFutex, int bitset, long deadline) {
        Waiter w = new Waiter(t, key(t, uaddr, privateFutex), bitset, deadline);
        waiting.computeIfAbsent(w.key, k -> new ArrayDeque<>()).add(w);
        t.futexWaiter = w;
        return w;
    }

    /**
     * futex_wake: wakes up to {@code n} waiters whose bitset meets {@code bitset} (at least one: 4.9
     * counts after waking, so 0 or a negative count wakes one); returns how many.
     */
    public int wake(Task t, long uaddr, boolean privateFutex, int n, int bitset) {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            take(key(t, uaddr, privateFutex), Math.max(1, n), bitset, woken);
        }
        woken.forEach(w -> w.queue.wakeUp());
        return woken.size();
    }

    /**
     * futex_requeue: wakes up to {@code nWake} waiters of the first futex and moves up to
     * {@code nRequeue} more to the second; returns woken + requeued.
     */
    public int requeue(Task t, long uaddr, long uaddr2, boolean privateFutex, int nWake, int nRequeue) {
        List<Waiter> woken = new ArrayList<>();
        int moved = 0;
        synchronized (this) {
            Key from = key(t, uaddr, privateFutex);
            Key to = key(t, uaddr2, privateFutex);
            take(from, nWake, BITSET_ANY, woken);
            ArrayDeque<Waiter> q = waiting.get(from);
            while (q != null && !q.isEmpty() && moved < nRequeue) {
                Waiter w = q.poll();
                w.key = to;
                waiting.computeIfAbsent(to, k -> new ArrayDeque<>()).add(w);
                moved++;
            }
            if (q != null && q.isEmpty()) {
                waiting.remove(from);
            }
        }
        woken.forEach(w -> w.queue.wakeUp());
        return woken.size() + moved;
    }

    private void take(Key k, int n, int bitset, List<Waiter> out) {
        ArrayDeque<Waiter> q = waiting.get(k);
        if (q == null) {
            return;
        }
        for (Iterator<Waiter> it = q.iterator(); it.hasNext() && out.size() < n; ) {
            Waiter w = it.next();
            if ((w.bitset & bitset) != 0) {
                it.remove();
                w.woken = true;
                out.add(w);
            }
        }
        if (q.isEmpty()) {
            waiting.remove(k);
        }
    }

    /** The task stops waiting (timeout, signal, exit): its waiter leaves the futex, woken or not. */
    public synchronized void cancel(Task t) {
        Waiter w = t.futexWaiter;
        t.futexWaiter = null;
        if (w == null) {
            return;
        }
        ArrayDeque<Waiter> q = waiting.get(w.key);
        if (q != null) {
            q.remove(w);
            if (q.isEmpty()) {
                waiting.remove(w.key);
            }
        }
    }

    /** Tasks waiting on any futex (for invariant checks and tests). */
    public synchronized int waiterCount() {
        return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
