package vexmem.kernel.syscall;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.MemDevices;
import vexmem.kernel.mm.PageAllocator;
import vexmem.kernel.task.ProcessHooks;
import vexmem.kernel.task.SigState;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WouldBlock;

/**
 * Process-level calls: ids, exit/wait4, signals (sent with SigState; the CPU back end delivers), limits, uname, sysinfo,
 * times and getrandom.
 */
final class ProcSyscalls {
    static final int WNOHANG = 1;
    static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIM_NLIMITS = 16;
    static final long STACK_LIMIT = 8L << 20;
    static final int SIGKILL = 9, SIGSTOP = 19, SIGCHLD = 17, SIGCONT = 18, SIGURG = 23, SIGWINCH = 28;

    private ProcSyscalls() {
    }

    static void register(Reg r) {
        r.add(Nr.getpid, "getpid", (t, a) -> t.tgid());
        r.add(Nr.gettid, "gettid", (t, a) -> t.pid());
        r.add(Nr.getppid, "getppid", (t, a) -> t.ppid());
        r.add(Nr.getuid32, "getuid32", (t, a) -> 0);
        r.add(Nr.geteuid32, "geteuid32", (t, a) -> 0);
        r.add(Nr.getgid32, "getgid32", (t, a) -> 0);
        r.add(Nr.getegid32, "getegid32", (t, a) -> 0);
        r.add(Nr.exit, "exit", (t, a) -> {
            t.exitThread(a.intArg(0) & 0xff);
            return 0;
        });
        r.add(Nr.exit_group, "exit_group", (t, a) -> {
            t.exit(a.intArg(0) & 0xff);
            return 0;
        });
        r.add(Nr.wait4, "wait4", (t, a) -> wait4(t, a.intArg(0), a.arg(1), a.intArg(2), a.arg(3)));
        r.add(Nr.kill, "kill", (t, a) -> kill(t, a.intArg(0), a.intArg(1)));
        r.add(Nr.tkill, "tkill", (t, a) -> {
            if (a.intArg(0) <= 0) {
                throw new KernelError(Errno.EINVAL);
            }
            if (t.kernel().tasks().get(a.intArg(0)) == null) {
                throw new KernelError(Errno.ESRCH);
            }
            return kill(t, a.intArg(0), a.intArg(1), true);
        });
        r.add(Nr.tgkill, "tgkill", (t, a) -> {
            if (a.intArg(0) <= 0 || a.intArg(1) <= 0) {
                throw new KernelError(Errno.EINVAL);
            }
            Task x = t.kernel().tasks().get(a.intArg(1));
            if (x == null || x.tgid() != a.intArg(0)) {
                throw new KernelError(Errno.ESRCH);
            }
            return kill(t, a.intArg(1), a.intArg(2), true);
        });
        r.add(Nr.rt_sigaction, "rt_sigaction", (t, a) -> {
            int sig = a.intArg(0);
            if (a.arg(3) != 8 || sig < 1 || sig > 64 || (a.arg(1) != 0 && (sig == SIGKILL || sig == SIGSTOP))) {
                throw new KernelError(Errno.EINVAL);
            }
            byte[] act = a.arg(1) != 0 ? t.mm().copyFromUser(a.arg(1), 20) : null;
            if (a.arg(2) != 0) {
                t.mm().copyToUser(a.arg(2), t.sigactions.getOrDefault(sig, new byte[20]));
            }
            if (act != null) {
                t.sigactions.put(sig, act);
            }
            return 0;
        });
        r.add(Nr.rt_sigprocmask, "rt_sigprocmask", (t, a) -> {
            int how = a.intArg(0);
            if (a.arg(3) != 8) {
                throw new KernelError(Errno.EINVAL);
            }
            long old = t.sigmask;
            if (a.arg(1) != 0) {
                long set = Uaccess.u64(t, a.arg(1)) & ~((1L << (SIGKILL - 1)) | (1L << (SIGSTOP - 1)));
                t.sigmask = switch (how) {
                    case 0 -> old | set;
                    case 1 -> old & ~set;
                    case 2 -> set;
                    default -> throw new KernelError(Errno.EINVAL);
                };
            }
            if (a.arg(2) != 0) {
                Uaccess.write(t, a.arg(2), Uaccess.le(8).putLong(0, old));
            }
            return 0;
        });
        r.add(Nr.sigaltstack, "sigaltstack", (t, a) -> sigaltstack(t, a.arg(0), a.arg(1)));
        r.add(Nr.set_tid_address, "set_tid_address", (t, a) -> {
            t.clearChildTid = a.arg(0);
            return t.pid();
        });
        r.add(Nr.set_robust_list, "set_robust_list", (t, a) -> {
            if (a.arg(1) != 12) {
                throw new KernelError(Errno.EINVAL);
            }
            return 0;
        });
        r.add(Nr.rseq, "rseq", (t, a) -> {
            throw new KernelError(Errno.ENOSYS);
        });
        r.add(Nr.ugetrlimit, "ugetrlimit", (t, a) -> {
            long[] l = rlimit(t, a.intArg(0));
            ByteBuffer b = Uaccess.le(8).putInt(0, (int) Math.min(l[0], 0xffffffffL)).putInt(4, (int) Math.min(l[1], 0xffffffffL));
            Uaccess.write(t, a.arg(1), b);
            return 0;
        });
        r.add(Nr.prlimit64, "prlimit64", (t, a) -> {
            int pid = a.intArg(0);
            Task x = pid == 0 ? t : t.kernel().tasks().get(pid);
            if (x == null) {
                throw new KernelError(Errno.ESRCH);
            }
            int res = a.intArg(1);
            long[] old = rlimit(x, res);
            if (a.arg(2) != 0) {
                ByteBuffer nb = Uaccess.read(t, a.arg(2), 16);
                long cur = nb.getLong(0);
                long max = nb.getLong(8);
                if (Long.compareUnsigned(cur, max) > 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                if (res == RLIMIT_NOFILE) {
                    if (Long.compareUnsigned(max, 1 << 20) > 0) {
                        throw new KernelError(Errno.EPERM);
                    }
                    x.files().setLimit((int) cur);
                }
            }
            if (a.arg(3) != 0) {
                Uaccess.write(t, a.arg(3), Uaccess.le(16).putLong(0, old[0]).putLong(8, old[1]));
            }
            return 0;
        });
        r.add(Nr.uname, "uname", (t, a) -> {
            Kernel k = t.kernel();
            String[] f = {"Linux", "vexpress", k.options().generation() + ".0-vexmem",
                "#1 SMP PREEMPT vexmem", "armv7l", "(none)"};
            byte[] buf = new byte[6 * 65];
            for (int i = 0; i < 6; i++) {
                byte[] s = f[i].getBytes(StandardCharsets.UTF_8);
                System.arraycopy(s, 0, buf, i * 65, Math.min(64, s.length));
            }
            t.mm().copyToUser(a.arg(0), buf);
            return 0;
        });
        r.add(Nr.sysinfo, "sysinfo", (t, a) -> {
            Kernel k = t.kernel();
            PageAllocator pa = k.pageAllocator();
            long total = pa != null ? pa.totalPageCount() * 4096 : k.board().dramSize();
            long free = pa != null ? pa.freePageCount() * 4096 : total;
            int unit = total > 0xffffffffL ? 4096 : 1;
            ByteBuffer b = Uaccess.le(64);
            b.putInt(0, (int) (k.clock().nanos() / 1_000_000_000L));
            b.putInt(16, (int) (total / unit)).putInt(20, (int) (free / unit));
            b.putShort(40, (short) k.tasks().live().size());
            b.putInt(52, unit);
            Uaccess.write(t, a.arg(0), b);
            return 0;
        });
        r.add(Nr.times, "times", (t, a) -> {
            if (a.arg(0) != 0) {
                Uaccess.write(t, a.arg(0), Uaccess.le(16));
            }
            return t.kernel().clock().nanos() / 10_000_000L; // USER_HZ = 100
        });
        r.add(Nr.sched_yield, "sched_yield", (t, a) -> 0);
        r.add(Nr.getrandom, "getrandom", (t, a) -> {
            if ((a.intArg(2) & ~3) != 0) {
                throw new KernelError(Errno.EINVAL);
            }
            // urandom_read (4.9 and 5.10) clamps one call to INT_MAX >> (ENTROPY_SHIFT + 3) bytes
            int n = (int) Math.min(a.arg(1), Integer.MAX_VALUE >> 6);
            t.mm().copyToUser(a.arg(0), t.kernel().service(MemDevices.Prng.class).bytes(n));
            return n;
        });
    }

    /**
     * sigaltstack (186): stack_t on ARM is {ss_sp, ss_flags, ss_size}, 12 bytes. The new stack is read
     * (EFAULT) and checked against the caller's stack pointer before the old one is written back.
     */
    static long sigaltstack(Task t, long uss, long uoss) {
        long sp = t.kernel().findService(ProcessHooks.class).map(h -> h.userStackPointer(t)).orElse(0L);
        long oldSp = t.sasSp;
        long oldSize = t.sasSize;
        int oldFlags = SigState.altStackFlags(t, sp);
        if (uss != 0) {
            ByteBuffer b = Uaccess.read(t, uss, 12);
            SigState.setAltStack(t, b.getInt(0) & 0xffffffffL, b.getInt(4), b.getInt(8) & 0xffffffffL, sp);
        }
        if (uoss != 0) {
            Uaccess.write(t, uoss, Uaccess.le(12).putInt(0, (int) oldSp).putInt(4, oldFlags).putInt(8, (int) oldSize));
        }
        return 0;
    }

    static long[] rlimit(Task t, int res) {
        if (res < 0 || res >= RLIM_NLIMITS) {
            throw new KernelError(Errno.EINVAL);
        }
        return switch (res) {
            case RLIMIT_NOFILE -> new long[] {t.files().limit(), 4096};
            case RLIMIT_STACK -> new long[] {STACK_LIMIT, -1L};
            default -> new long[] {-1L, -1L};
        };
    }

    /**
     * wait4: reaps a zombie child; sleeps on the child-exit queue unless WNOHANG. As in
     * wait_task_zombie the child is reaped first; then rusage (no accounting: all zero) and the status
     * are stored, and a fault there makes the result EFAULT (the child stays reaped).
     */
    static long wait4(Task t, int pid, long ustatus, int options, long urusage) {
        if ((options & ~(WNOHANG | 2 | 8 | 0x40000000 | 0x80000000)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        boolean any = false;
        for (Task c : t.kernel().tasks().all()) {
            // children of any thread of the caller's group; threads themselves are never waited for
            if (!c.isLeader() || c.parent() == null || c.parent().tgid() != t.tgid() || (pid > 0 && c.pid() != pid)) {
                continue;
            }
            any = true;
            if (c.processExited()) {
                int sig = c.pendingSignal;
                int status = sig != 0 ? sig & 0x7f : (c.exitStatus() & 0xff) << 8;
                t.kernel().tasks().reap(c);
                if (urusage != 0) {
                    t.mm().copyToUser(urusage, new byte[72]);
                }
                if (ustatus != 0) {
                    Uaccess.putU32(t, ustatus, status);
                }
                return c.pid();
            }
        }
        if (!any) {
            throw new KernelError(Errno.ECHILD);
        }
        if ((options & WNOHANG) != 0) {
            return 0;
        }
        throw WouldBlock.on(t.kernel().tasks().childExitQueue());
    }

    /**
     * kill: {@link vexmem.kernel.task.SigState#send}: a fatal unhandled signal is recorded on the
     * target so the runner ends it with status 128 + sig; handled ones are queued for delivery.
     */
    static long kill(Task t, int pid, int sig) {
        return kill(t, pid, sig, false);
    }

    static long kill(Task t, int pid, int sig, boolean tkill) {
        if (sig < 0 || sig > 64) {
            throw new KernelError(Errno.EINVAL);
        }
        Task x = pid == 0 || pid == -1 ? t : t.kernel().tasks().get(Math.abs(pid));
        if (x == null) {
            throw new KernelError(Errno.ESRCH);
        }
        boolean alive = x.group().liveCount() > 0;
        // A zombie without a parent in the model (a top-level process) would have been reaped by init.
        if (!alive && x.parent() == null) {
            throw new KernelError(Errno.ESRCH);
        }
        // A zombie its parent has not reaped yet still owns its pid: kill succeeds and does nothing, as
        // does tkill of a leader that exited before its threads (delay_group_leader keeps it).
        if (sig != 0 && alive && (!tkill || x.state() != Task.State.ZOMBIE)) {
            t.kernel().log().info("%s[%d]: signal %d sent to %s", t.comm(), t.pid(), sig, x);
            if (tkill) {
                SigState.send(x, sig, SigState.SI_TKILL, t.tgid());
            } else {
                SigState.sendProcess(x, sig, SigState.SI_USER, t.tgid());
            }
        }
        return 0;
    }
}
