package vexmem.kernel.task;

import java.util.List;

/**
 * Signal dispositions and sending (kernel/signal.c). Handlers are per process (CLONE_SIGHAND shares the
 * map), masks and pending sets per thread. A process-directed signal ({@link #sendProcess}) is given to
 * one thread when it is sent (Linux keeps it in a shared set until a thread takes it). A signal
 * whose default action terminates and that is neither handled nor blocked is recorded in
 * {@link Task#pendingSignal} (the runner ends the task with 128 + sig, as before handlers existed); a
 * handled or blocked one is queued in {@link Task#sigpending} (one bit per signal, no queueing of
 * duplicates, as for non-realtime signals) for the CPU back end to deliver to the handler.
 */
public final class SigState {
    public static final int SIGKILL = 9, SIGSEGV = 11, SIGPIPE = 13, SIGALRM = 14, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19,
            SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGWINCH = 28;
    public static final long SIG_DFL = 0, SIG_IGN = 1;
    public static final int SA_SIGINFO = 4, SA_RESTORER = 0x04000000, SA_ONSTACK = 0x08000000,
            SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000;
    /** stack_t.ss_flags, and MINSIGSTKSZ on ARM. */
    public static final int SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 1 << 31, MINSIGSTKSZ = 2048;
    /** si_code values. */
    public static final int SI_USER = 0, SI_KERNEL = 0x80, SI_TKILL = -6;

    private SigState() {
    }

    public static long bit(int sig) {
        return 1L << (sig - 1);
    }

    private static int word(byte[] act, int off) {
        return act == null || act.length < off + 4 ? 0
                : (act[off] & 0xff) | (act[off + 1] & 0xff) << 8 | (act[off + 2] & 0xff) << 16 | (act[off + 3] & 0xff) << 24;
    }

    /** sa_handler: SIG_DFL 0, SIG_IGN 1, or the handler's address (bit 0 = Thumb). */
    public static long handler(Task t, int sig) {
        return word(t.sigactions.get(sig), 0) & 0xffffffffL;
    }

    public static int flags(Task t, int sig) {
        return word(t.sigactions.get(sig), 4);
    }

    public static long restorer(Task t, int sig) {
        return word(t.sigactions.get(sig), 8) & 0xffffffffL;
    }

    public static long mask(Task t, int sig) {
        byte[] a = t.sigactions.get(sig);
        return (word(a, 12) & 0xffffffffL) | (long) word(a, 16) << 32;
    }

    /** SIG_DFL for these is "ignore" (CHLD, CONT, URG, WINCH) or "stop" (not modelled: ignored). */
    public static boolean defaultIgnored(int sig) {
        return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH || sig == SIGSTOP
                || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
    }

    /**
     * send_signal: queues {@code sig} for {@code t} with the si_code and sender to report, and wakes it
     * if it sleeps (a handled signal interrupts a blocking call). Ignored signals are dropped.
     */
    public static void send(Task t, int sig, int code, int senderPid) {
        if (sig <= 0 || sig > 64 || t.state() == Task.State.ZOMBIE) {
            return;
        }
        long h = sig == SIGKILL ? SIG_DFL : handler(t, sig);
        if (h == SIG_IGN || (h == SIG_DFL && defaultIgnored(sig))) {
            return;
        }
        boolean blocked = sig != SIGKILL && (t.sigmask & bit(sig)) != 0;
        if (h == SIG_DFL && !blocked) {
            // complete_signal, sig_fatal: the whole thread group dies, every thread is woken for it
            for (Task o : t.group().liveThreads()) {
                if (o.pendingSignal == 0) {
                    o.pendingSignal = sig;
                    o.pendingSignalCode = code;
                }
                if (o != t) {
                    o.wake();
                }
            }
        } else {
            synchronized (t) {
                t.sigpending |= bit(sig);
                t.sigCode[sig] = code;
                t.sigPid[sig] = senderPid;
            }
        }
        t.wake();
    }

    /**
     * A process-directed signal (kill, SIGCHLD, SIGALRM) sent to the group of {@code t}: the thread that
     * gets it is {@code t} if it is alive and does not block it, else the first live thread that does not
     * block it, else the first live thread (complete_signal's choice, without the shared pending set).
     */
    public static void sendProcess(Task t, int sig, int code, int senderPid) {
        List<Task> live = t.group().liveThreads();
        if (live.isEmpty()) {
            return;
        }
        Task to = null;
        if (t.state() != Task.State.ZOMBIE && (t.sigmask & bit(sig)) == 0) {
            to = t;
        }
        for (int i = 0; to == null && i < live.size(); i++) {
            if ((live.get(i).sigmask & bit(sig)) == 0) {
                to = live.get(i);
            }
        }
        send(to != null ? to : live.get(0), sig, code, senderPid);
    }

    /**
     * The SIGPIPE that accompanies EPIPE from pipe_write and unix_stream_sendmsg (send_sig: SI_USER,
     * si_pid = the writer). Returns {@code e} for rethrowing; other errors pass through untouched.
     */
    public static vexmem.kernel.KernelError sigpipeOn(Task writer, vexmem.kernel.KernelError e) {
        if (e.errno() == vexmem.kernel.Errno.EPIPE) {
            send(writer, SIGPIPE, SI_USER, writer.tgid());
        }
        return e;
    }

    /** on_sig_stack: {@code sp} is inside the alternate stack (never with SS_AUTODISARM). */
    public static boolean onSigStack(Task t, long sp) {
        if ((t.sasFlags & SS_AUTODISARM) != 0 || t.sasSize == 0) {
            return false;
        }
        long off = (sp & 0xffffffffL) - t.sasSp;
        return off > 0 && off <= t.sasSize;
    }

    /** sas_ss_flags: what sigaltstack and a signal frame's uc_stack report for {@code sp}. */
    public static int altStackFlags(Task t, long sp) {
        if (t.sasSize == 0) {
            return SS_DISABLE;
        }
        return (onSigStack(t, sp) ? SS_ONSTACK : 0) | (t.sasFlags & SS_AUTODISARM);
    }

    /**
     * do_sigaltstack's update (the caller's stack pointer is {@code sp}): EPERM while running on the
     * alternate stack, EINVAL for an unknown mode, ENOMEM below MINSIGSTKSZ; SS_DISABLE clears it.
     */
    public static void setAltStack(Task t, long ssSp, int ssFlags, long ssSize, long sp) {
        if (onSigStack(t, sp)) {
            throw new vexmem.kernel.KernelError(vexmem.kernel.Errno.EPERM);
        }
        int mode = ssFlags & ~SS_AUTODISARM;
        if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0) {
            throw new vexmem.kernel.KernelError(vexmem.kernel.Errno.EINVAL);
        }
        if (mode == SS_DISABLE) {
            ssSp = 0;
            ssSize = 0;
        } else if (ssSize < MINSIGSTKSZ) {
            throw new vexmem.kernel.KernelError(vexmem.kernel.Errno.ENOMEM);
        }
        t.sasSp = ssSp & 0xffffffffL;
        t.sasSize = ssSize;
        t.sasFlags = ssFlags;
    }

    /** sas_ss_reset: no alternate stack (SS_AUTODISARM after a frame was built on it; exec; a new thread). */
    public static void resetAltStack(Task t) {
        t.sasSp = 0;
        t.sasSize = 0;
        t.sasFlags = SS_DISABLE;
    }

    /** Pending signals that are not blocked (deliverable now). */
    public static long deliverable(Task t) {
        return t.sigpending & ~t.sigmask;
    }
}
