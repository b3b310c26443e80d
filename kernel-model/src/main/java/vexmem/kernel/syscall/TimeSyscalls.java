package vexmem.kernel.syscall;

import java.nio.ByteBuffer;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WouldBlock;

/**
 * Clocks from the board's VirtualClock: CLOCK_MONOTONIC is virtual time since boot, CLOCK_REALTIME is
 * a fixed epoch plus that, so runs repeat exactly. Sleeps park the task with a deadline that survives
 * the restart of the call ({@code Task.sleepDeadline}).
 */
final class TimeSyscalls {
    /** 2023-11-14 22:13:20 UTC: the board's wall clock at boot. */
    static final long EPOCH_SECONDS = 1_700_000_000L;
    static final long EPOCH_NANOS = EPOCH_SECONDS * 1_000_000_000L;
    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2,
            CLOCK_THREAD_CPUTIME_ID = 3, CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5,
            CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7;
    static final int TIMER_ABSTIME = 1;

    private TimeSyscalls() {
    }

    static long now(Task t, int clk) {
        long n = t.kernel().clock().nanos();
        return switch (clk) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE -> EPOCH_NANOS + n;
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
                    CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> n;
            default -> throw new KernelError(Errno.EINVAL);
        };
    }

    /** The absolute virtual deadline of a sleep of {@code rel} ns, fixed at the first attempt. */
    static long deadline(Task t, long rel) {
        if (t.sleepDeadline < 0) {
            long now = t.kernel().clock().nanos();
            t.sleepDeadline = rel > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + rel;
        }
        return t.sleepDeadline;
    }

    /** Sleeps until the absolute virtual time {@code until}; returns 0 once it has passed. */
    static long sleepUntil(Task t, long until) {
        if (t.kernel().clock().nanos() >= until) {
            return 0;
        }
        throw WouldBlock.until(until);
    }

    static void register(Reg r) {
        r.add(Nr.clock_gettime, "clock_gettime", (t, a) -> {
            Uaccess.putTimespec(t, a.arg(1), now(t, a.intArg(0)), false);
            return 0;
        });
        r.add(Nr.clock_gettime64, "clock_gettime64", (t, a) -> {
            Uaccess.putTimespec(t, a.arg(1), now(t, a.intArg(0)), true);
            return 0;
        });
        r.add(Nr.clock_getres, "clock_getres", (t, a) -> getres(t, a.intArg(0), a.arg(1), false));
        r.add(Nr.clock_getres_time64, "clock_getres_time64", (t, a) -> getres(t, a.intArg(0), a.arg(1), true));
        r.add(Nr.gettimeofday, "gettimeofday", (t, a) -> {
            long n = now(t, CLOCK_REALTIME);
            if (a.arg(0) != 0) {
                ByteBuffer b = Uaccess.le(8).putInt(0, (int) (n / 1_000_000_000L)).putInt(4, (int) (n % 1_000_000_000L / 1000));
                Uaccess.write(t, a.arg(0), b);
            }
            if (a.arg(1) != 0) {
                Uaccess.write(t, a.arg(1), Uaccess.le(8));
            }
            return 0;
        });
        r.add(Nr.nanosleep, "nanosleep", (t, a) -> {
            long rel = Uaccess.timespec(t, a.arg(0), false);
            return sleepUntil(t, deadline(t, rel));
        });
        r.add(Nr.clock_nanosleep, "clock_nanosleep", (t, a) -> clockNanosleep(t, a, false));
        r.add(Nr.clock_nanosleep_time64, "clock_nanosleep_time64", (t, a) -> clockNanosleep(t, a, true));
    }

    private static long getres(Task t, int clk, long ures, boolean time64) {
        now(t, clk);
        if (ures != 0) {
            Uaccess.putTimespec(t, ures, 1, time64);
        }
        return 0;
    }

    private static long clockNanosleep(Task t, SyscallArgs a, boolean time64) {
        int clk = a.intArg(0);
        int flags = a.intArg(1);
        if (clk == CLOCK_THREAD_CPUTIME_ID) {
            throw new KernelError(Errno.EINVAL);
        }
        now(t, clk);
        long req = Uaccess.timespec(t, a.arg(2), time64);
        long until;
        if ((flags & TIMER_ABSTIME) != 0) {
            until = clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE ? req - EPOCH_NANOS : req;
        } else {
            until = deadline(t, req);
        }
        return sleepUntil(t, until);
    }
}
