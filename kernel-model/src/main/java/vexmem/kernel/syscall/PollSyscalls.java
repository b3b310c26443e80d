package vexmem.kernel.syscall;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.Poll;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WaitQueue;
import vexmem.kernel.task.WouldBlock;

/**
 * poll/ppoll/select/pselect6: ask every file's ->poll; if nothing is ready and time remains, sleep on
 * the union of the files' wait queues plus the deadline, then the whole call is retried.
 */
final class PollSyscalls {
    static final int POLLIN_SET = Poll.POLLIN | Poll.POLLRDNORM | 0x80 | Poll.POLLHUP | Poll.POLLERR;
    static final int POLLOUT_SET = Poll.POLLOUT | Poll.POLLWRNORM | 0x200 | Poll.POLLERR;
    static final int POLLEX_SET = Poll.POLLPRI;

    private PollSyscalls() {
    }

    /** How the caller's timeout is stored, for writing the time left back (poll_select_copy_remaining). */
    enum Timeout {
        NONE, TIMEVAL, TIMESPEC32, TIMESPEC64
    }

    static void register(Reg r) {
        r.add(Nr.poll, "poll", (t, a) -> {
            int ms = a.intArg(2);
            return poll(t, a.arg(0), a.intArg(1), ms < 0 ? -1 : ms * 1_000_000L, 0, Timeout.NONE);
        });
        r.add(Nr.ppoll, "ppoll", (t, a) -> poll(t, a.arg(0), a.intArg(1),
                a.arg(2) == 0 ? -1 : Uaccess.timespec(t, a.arg(2), false), a.arg(2), Timeout.TIMESPEC32));
        r.add(Nr.ppoll_time64, "ppoll_time64", (t, a) -> poll(t, a.arg(0), a.intArg(1),
                a.arg(2) == 0 ? -1 : Uaccess.timespec(t, a.arg(2), true), a.arg(2), Timeout.TIMESPEC64));
        r.add(Nr._newselect, "_newselect", (t, a) -> {
            long timeout = -1;
            if (a.arg(4) != 0) {
                ByteBuffer tv = Uaccess.read(t, a.arg(4), 8);
                int sec = tv.getInt(0);
                int usec = tv.getInt(4);
                if (sec < 0 || usec < 0 || usec >= 1_000_000) {
                    throw new KernelError(Errno.EINVAL);
                }
                timeout = sec * 1_000_000_000L + usec * 1000L;
            }
            return select(t, a.intArg(0), a.arg(1), a.arg(2), a.arg(3), timeout, a.arg(4), Timeout.TIMEVAL);
        });
        r.add(Nr.pselect6, "pselect6", (t, a) -> select(t, a.intArg(0), a.arg(1), a.arg(2), a.arg(3),
                a.arg(4) == 0 ? -1 : Uaccess.timespec(t, a.arg(4), false), a.arg(4), Timeout.TIMESPEC32));
        r.add(Nr.pselect6_time64, "pselect6_time64", (t, a) -> select(t, a.intArg(0), a.arg(1), a.arg(2), a.arg(3),
                a.arg(4) == 0 ? -1 : Uaccess.timespec(t, a.arg(4), true), a.arg(4), Timeout.TIMESPEC64));
    }

    /**
     * The deadline of a positive timeout, fixed at the first attempt (so a restarted call keeps it);
     * -1 for none or a zero timeout.
     */
    private static long deadlineOf(Task t, long timeoutNanos) {
        return timeoutNanos > 0 ? TimeSyscalls.deadline(t, timeoutNanos) : -1;
    }

    /**
     * poll_select_copy_remaining: on return the caller's timeout holds the time left (0 after a
     * timeout). A fault here is ignored, as Linux does once the fd sets are written.
     */
    private static void copyRemaining(Task t, long utimeout, Timeout kind, long deadline) {
        if (utimeout == 0 || kind == Timeout.NONE) {
            return;
        }
        long left = deadline < 0 ? 0 : Math.max(0, deadline - t.kernel().clock().nanos());
        try {
            if (kind == Timeout.TIMEVAL) {
                Uaccess.write(t, utimeout, Uaccess.le(8).putInt(0, (int) (left / 1_000_000_000L))
                        .putInt(4, (int) (left % 1_000_000_000L / 1000)));
            } else {
                Uaccess.putTimespec(t, utimeout, left, kind == Timeout.TIMESPEC64);
            }
        } catch (KernelError ignored) {
            // the result stands
        }
    }

    /** Common sleep: nothing ready. Returns normally only when the timeout expired. */
    private static void sleep(Task t, long timeoutNanos, List<WaitQueue> queues) {
        long deadline = timeoutNanos < 0 ? -1 : TimeSyscalls.deadline(t, timeoutNanos);
        if (deadline >= 0 && t.kernel().clock().nanos() >= deadline) {
            return;
        }
        throw WouldBlock.on(deadline, queues.toArray(new WaitQueue[0]));
    }

    static long poll(Task t, long ufds, int nfds, long timeoutNanos, long utimeout, Timeout kind) {
        if (nfds < 0 || nfds > t.files().limit()) {
            throw new KernelError(Errno.EINVAL);
        }
        long deadline = deadlineOf(t, timeoutNanos);
        ByteBuffer b = Uaccess.read(t, ufds, nfds * 8);
        List<WaitQueue> queues = new ArrayList<>();
        int ready = 0;
        for (int i = 0; i < nfds; i++) {
            int fd = b.getInt(i * 8);
            int events = b.getShort(i * 8 + 4) & 0xffff;
            int rev = 0;
            if (fd >= 0) {
                if (!t.files().isOpen(fd)) {
                    rev = Poll.POLLNVAL;
                } else {
                    File f = t.files().get(fd);
                    rev = f.ops().poll(t, f) & (events | Poll.POLLERR | Poll.POLLHUP);
                    WaitQueue q = f.ops().waitQueue(f);
                    if (q != null) {
                        queues.add(q);
                    }
                }
            }
            b.putShort(i * 8 + 6, (short) rev);
            if (rev != 0) {
                ready++;
            }
        }
        if (ready == 0 && timeoutNanos != 0) {
            sleep(t, timeoutNanos, queues);
        }
        t.mm().copyToUser(ufds, b.array());
        copyRemaining(t, utimeout, kind, deadline);
        return ready;
    }

    static long select(Task t, int n, long inp, long outp, long exp, long timeoutNanos, long utimeout, Timeout kind) {
        if (n < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long deadline = deadlineOf(t, timeoutNanos);
        n = Math.min(n, t.files().limit());
        int bytes = ((n + 31) / 32) * 4;
        byte[][] in = new byte[3][];
        long[] ptrs = {inp, outp, exp};
        for (int s = 0; s < 3; s++) {
            in[s] = ptrs[s] != 0 ? t.mm().copyFromUser(ptrs[s], bytes) : new byte[bytes];
        }
        byte[][] out = new byte[3][bytes];
        int[] sets = {POLLIN_SET, POLLOUT_SET, POLLEX_SET};
        List<WaitQueue> queues = new ArrayList<>();
        int ready = 0;
        for (int fd = 0; fd < n; fd++) {
            int bit = 1 << (fd & 7);
            boolean want = false;
            for (int s = 0; s < 3; s++) {
                want |= (in[s][fd >> 3] & bit) != 0;
            }
            if (!want) {
                continue;
            }
            if (!t.files().isOpen(fd)) {
                throw new KernelError(Errno.EBADF);
            }
            File f = t.files().get(fd);
            int mask = f.ops().poll(t, f);
            WaitQueue q = f.ops().waitQueue(f);
            if (q != null) {
                queues.add(q);
            }
            for (int s = 0; s < 3; s++) {
                if ((in[s][fd >> 3] & bit) != 0 && (mask & sets[s]) != 0) {
                    out[s][fd >> 3] |= (byte) bit;
                    ready++;
                }
            }
        }
        if (ready == 0 && timeoutNanos != 0) {
            sleep(t, timeoutNanos, queues);
        }
        for (int s = 0; s < 3; s++) {
            if (ptrs[s] != 0) {
                t.mm().copyToUser(ptrs[s], out[s]);
            }
        }
        copyRemaining(t, utimeout, kind, deadline);
        return ready;
    }
}
