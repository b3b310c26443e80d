package vexmem.kernel.syscall;

import java.nio.ByteBuffer;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;

/**
 * setitimer(104) / getitimer(105) on the board's virtual clock. ITIMER_REAL is tracked per task and
 * expires when virtual time passes its deadline: checked at every system call of the task and by the
 * scheduler for sleeping tasks ({@link #wakeupDeadline}). On expiry SIGALRM is sent with SI_KERNEL
 * ({@link vexmem.kernel.task.SigState#send}): at SIG_DFL it terminates the task (128 + 14 = 142, the
 * runner's usual pendingSignal path); SIG_IGN does nothing; a handler is run by the CPU back end (a
 * sleeping task is woken for it, and its call is interrupted). ITIMER_VIRTUAL and ITIMER_PROF are stored and read back, and
 * never expire (no CPU-time accounting).
 */
public final class Itimers {
    public static final int ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
    static final int SIGALRM = 14;
    private static final long SIG_DFL = 0, SIG_IGN = 1;
    private static final long NS_PER_US = 1000, US_PER_S = 1_000_000;

    private Itimers() {
    }

    static void register(Reg r) {
        r.add(Nr.setitimer, "setitimer", (t, a) -> setitimer(t, a.intArg(0), a.arg(1), a.arg(2)));
        r.add(Nr.getitimer, "getitimer", (t, a) -> {
            int which = checkWhich(a.intArg(0));
            put(t, a.arg(1), which);
            return 0;
        });
    }

    private static int checkWhich(int which) {
        if (which < ITIMER_REAL || which > ITIMER_PROF) {
            throw new KernelError(Errno.EINVAL);
        }
        return which;
    }

    private static long setitimer(Task t, int which, long unew, long uold) {
        checkWhich(which);
        long interval = 0, value = 0;
        if (unew != 0) { // 4.9 accepts NULL as "disarm" (with a warning)
            ByteBuffer b = Uaccess.read(t, unew, 16);
            interval = timeval(b.getInt(0), b.getInt(4));
            value = timeval(b.getInt(8), b.getInt(12));
        }
        if (uold != 0) {
            put(t, uold, which);
        }
        long now = t.kernel().clock().nanos();
        synchronized (t) {
            t.itimerDeadline[which] = value == 0 ? -1 : now + value;
            t.itimerInterval[which] = value == 0 ? 0 : interval;
        }
        return 0;
    }

    /** struct timeval (32-bit longs) to ns; EINVAL for a negative value or tv_usec out of range. */
    private static long timeval(int sec, int usec) {
        if (sec < 0 || usec < 0 || usec >= US_PER_S) {
            throw new KernelError(Errno.EINVAL);
        }
        return (sec * US_PER_S + usec) * NS_PER_US;
    }

    /** Writes {it_interval, it_value} (remaining time, rounded up to whole µs) to user memory. */
    private static void put(Task t, long uaddr, int which) {
        long now = t.kernel().clock().nanos();
        long deadline, interval;
        synchronized (t) {
            deadline = t.itimerDeadline[which];
            interval = t.itimerInterval[which];
        }
        long left = deadline < 0 ? 0 : Math.max(deadline - now, 1);
        long ius = (interval + NS_PER_US - 1) / NS_PER_US;
        long lus = (left + NS_PER_US - 1) / NS_PER_US;
        ByteBuffer b = Uaccess.le(16)
                .putInt(0, (int) (ius / US_PER_S)).putInt(4, (int) (ius % US_PER_S))
                .putInt(8, (int) (lus / US_PER_S)).putInt(12, (int) (lus % US_PER_S));
        Uaccess.write(t, uaddr, b);
    }

    /** SIGALRM's disposition as rt_sigaction recorded it: SIG_DFL 0, SIG_IGN 1, else a handler address. */
    private static long alrmHandler(Task t) {
        byte[] act = t.sigactions.get(SIGALRM);
        if (act == null || act.length < 4) {
            return SIG_DFL;
        }
        return ByteBuffer.wrap(act, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xffffffffL;
    }

    /**
     * Fires t's ITIMER_REAL if virtual time has reached its deadline (re-arming an interval timer).
     * Returns true when it fired; with SIGALRM at SIG_DFL it has then set {@code t.pendingSignal}.
     */
    public static boolean expire(Task t) {
        long now = t.kernel().clock().nanos();
        synchronized (t) {
            long d = t.itimerDeadline[ITIMER_REAL];
            if (d < 0 || now < d) {
                return false;
            }
            long iv = t.itimerInterval[ITIMER_REAL];
            if (iv > 0) {
                long missed = (now - d) / iv + 1;
                t.itimerDeadline[ITIMER_REAL] = d + missed * iv;
            } else {
                t.itimerDeadline[ITIMER_REAL] = -1;
            }
        }
        long h = alrmHandler(t);
        if (h == SIG_DFL) {
            t.kernel().log().info("%s[%d]: ITIMER_REAL expired: SIGALRM (default action: terminate)", t.comm(), t.pid());
        }
        vexmem.kernel.task.SigState.sendProcess(t, SIGALRM, vexmem.kernel.task.SigState.SI_KERNEL, 0);
        return true;
    }

    /**
     * The virtual time at which a sleeping t must be woken because its ITIMER_REAL fires a SIGALRM that
     * is not ignored (it terminates t or runs its handler), or -1. Ignored expiries are not wake-up
     * sources, so they cannot hide a deadlock.
     */
    public static long wakeupDeadline(Task t) {
        long d;
        synchronized (t) {
            d = t.itimerDeadline[ITIMER_REAL];
        }
        return d >= 0 && alrmHandler(t) != SIG_IGN ? d : -1;
    }
}
