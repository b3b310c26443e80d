package vexmem.kernel.syscall;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.FutexTable;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WouldBlock;

/**
 * futex (240) and futex_time64 (422), as 4.9's do_futex: WAIT, WAKE, REQUEUE, CMP_REQUEUE, WAKE_OP,
 * WAIT_BITSET and WAKE_BITSET on the {@link FutexTable}. FUTEX_CLOCK_REALTIME is taken by the waits
 * (4.9.0 accepts it for FUTEX_WAIT too; later 4.9.y stable releases refuse that with ENOSYS). The PI
 * operations are not modelled (ENOSYS).
 * A waiter sleeps until a wake picks it, its timeout passes (ETIMEDOUT) or a signal interrupts it.
 */
public final class FutexSyscalls {
    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5,
            FUTEX_LOCK_PI = 6, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_WAIT_REQUEUE_PI = 11;
    static final int FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;
    /** FUTEX_OP_* and FUTEX_OP_CMP_* of FUTEX_WAKE_OP's encoded operation. */
    static final int OP_SET = 0, OP_ADD = 1, OP_OR = 2, OP_ANDN = 3, OP_XOR = 4, OP_OPARG_SHIFT = 8;
    static final int CMP_EQ = 0, CMP_NE = 1, CMP_LT = 2, CMP_LE = 3, CMP_GT = 4, CMP_GE = 5;

    private FutexSyscalls() {
    }

    static void register(Reg r) {
        r.add(Nr.futex, "futex", (t, a) -> futex(t, a, false));
        r.add(Nr.futex_time64, "futex_time64", (t, a) -> futex(t, a, true));
    }

    /** True for a call that sleeps with a timeout (an interrupted one returns EINTR, never restarts). */
    public static boolean timedWait(int op, long utime) {
        int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        return utime != 0 && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET);
    }

    static long futex(Task t, SyscallArgs a, boolean time64) {
        int op = a.intArg(1);
        int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        boolean priv = (op & FUTEX_PRIVATE_FLAG) != 0;
        boolean realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
        boolean waits = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET;
        FutexTable ft = FutexTable.of(t.kernel());
        if (waits && t.futexWaiter != null) {
            return resumeWait(t, ft); // the restart of a wait that slept: nothing is read again
        }
        // sys_futex reads and checks the timeout before do_futex looks at the operation
        long ts = -1;
        if (a.arg(3) != 0 && (waits || cmd == FUTEX_LOCK_PI || cmd == FUTEX_WAIT_REQUEUE_PI)) {
            ts = Uaccess.timespec(t, a.arg(3), time64);
        }
        if (realtime && !waits && cmd != FUTEX_WAIT_REQUEUE_PI) {
            throw new KernelError(Errno.ENOSYS);
        }
        long uaddr = a.arg(0);
        int val = a.intArg(2);
        switch (cmd) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                int bitset = cmd == FUTEX_WAIT ? FutexTable.BITSET_ANY : a.intArg(5);
                if (bitset == 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                long deadline = -1;
                if (ts >= 0) {
                    // FUTEX_WAIT's timeout is relative (on either clock); WAIT_BITSET's is absolute
                    deadline = cmd == FUTEX_WAIT ? TimeSyscalls.deadline(t, ts)
                            : Math.max(0, realtime ? ts - TimeSyscalls.EPOCH_NANOS : ts);
                }
                return wait(t, ft, uaddr, priv, val, bitset, deadline);
            }
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                int bitset = cmd == FUTEX_WAKE ? FutexTable.BITSET_ANY : a.intArg(5);
                if (bitset == 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                return ft.wake(t, uaddr, priv, val, bitset);
            }
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                int nRequeue = (int) a.arg(3); // val2 travels in the timeout argument
                if (cmd == FUTEX_CMP_REQUEUE) {
                    ft.checkKey(t, uaddr, priv);
                    ft.checkKey(t, a.arg(4), priv);
                    if (Uaccess.u32(t, uaddr) != a.intArg(5)) {
                        throw new KernelError(Errno.EAGAIN);
                    }
                }
                return ft.requeue(t, uaddr, a.arg(4), priv, Math.max(0, val), Math.max(0, nRequeue));
            }
            case FUTEX_WAKE_OP -> {
                return wakeOp(t, ft, uaddr, priv, val, (int) a.arg(3), a.arg(4), a.intArg(5));
            }
            default -> throw new KernelError(Errno.ENOSYS); // the PI operations, FUTEX_FD (gone since 2.6.26)
        }
    }

    /**
     * futex_wait: EAGAIN when *uaddr is not {@code val} any more, ETIMEDOUT when the deadline has
     * already passed; else the task sleeps on the futex until {@link #resumeWait}.
     */
    private static long wait(Task t, FutexTable ft, long uaddr, boolean priv, int val, int bitset, long deadline) {
        ft.checkKey(t, uaddr, priv);
        if (Uaccess.u32(t, uaddr) != val) {
            throw new KernelError(Errno.EAGAIN);
        }
        if (deadline >= 0 && t.kernel().clock().nanos() >= deadline) {
            throw new KernelError(Errno.ETIMEDOUT);
        }
        FutexTable.Waiter w = ft.enqueue(t, uaddr, priv, bitset, deadline);
        throw WouldBlock.on(deadline, w.queue());
    }

    /**
     * A sleeping wait re-dispatched after a wake-up: 0 when a FUTEX_WAKE picked it (even if the word is
     * unchanged), ETIMEDOUT once its deadline has passed (it leaves the queue), else it sleeps again.
     */
    private static long resumeWait(Task t, FutexTable ft) {
        FutexTable.Waiter w = t.futexWaiter;
        if (w.woken()) {
            t.futexWaiter = null;
            return 0;
        }
        if (w.deadline() >= 0 && t.kernel().clock().nanos() >= w.deadline()) {
            ft.cancel(t);
            throw new KernelError(Errno.ETIMEDOUT);
        }
        throw WouldBlock.on(w.deadline(), w.queue());
    }

    /**
     * futex_wake_op: *uaddr2 = *uaddr2 OP oparg, then up to {@code nr1} waiters of uaddr are woken and,
     * if the old value of *uaddr2 CMP cmparg holds, up to {@code nr2} of uaddr2.
     */
    private static long wakeOp(Task t, FutexTable ft, long uaddr, boolean priv, int nr1, int nr2, long uaddr2,
            int encoded) {
        ft.checkKey(t, uaddr, priv);
        ft.checkKey(t, uaddr2, priv);
        int op = (encoded >>> 28) & 0xf;
        int cmp = (encoded >>> 24) & 0xf;
        int oparg = (encoded << 8) >> 20; // 12-bit signed fields
        int cmparg = (encoded << 20) >> 20;
        if ((op & OP_OPARG_SHIFT) != 0) {
            oparg = 1 << (oparg & 31);
        }
        int old = Uaccess.u32(t, uaddr2);
        int nv = switch (op & 7) {
            case OP_SET -> oparg;
            case OP_ADD -> old + oparg;
            case OP_OR -> old | oparg;
            case OP_ANDN -> old & ~oparg;
            case OP_XOR -> old ^ oparg;
            default -> throw new KernelError(Errno.ENOSYS);
        };
        Uaccess.putU32(t, uaddr2, nv);
        boolean hit = switch (cmp) {
            case CMP_EQ -> old == cmparg;
            case CMP_NE -> old != cmparg;
            case CMP_LT -> old < cmparg;
            case CMP_LE -> old <= cmparg;
            case CMP_GT -> old > cmparg;
            case CMP_GE -> old >= cmparg;
            default -> throw new KernelError(Errno.ENOSYS);
        };
        int n = ft.wake(t, uaddr, priv, nr1, FutexTable.BITSET_ANY);
        if (hit) {
            n += ft.wake(t, uaddr2, priv, nr2, FutexTable.BITSET_ANY);
        }
        return n;
    }
}
