package vexmem.kernel.syscall;

import java.util.HashMap;
import java.util.Map;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.KernelLog;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WouldBlock;

/**
 * sys_call_table: ARM EABI system-call numbers to handlers. Both the ARM emulator (number from r7)
 * and the Java guests' libc go through {@link #dispatch}, so they reach the same kernel paths.
 * Errors come back as raw negative errno values, exactly what r0 holds on return from svc.
 */
public final class SyscallTable {
    private final Map<Integer, SyscallHandler> handlers = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final java.util.Set<Integer> reportedUnknown = new java.util.HashSet<>();
    private final KernelLog log;
    private final java.util.List<SyscallObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SyscallTable(KernelLog log) {
        this.log = log;
    }

    public void register(int nr, String name, SyscallHandler h) {
        handlers.put(nr, h);
        names.put(nr, name);
    }

    public void addObserver(SyscallObserver o) {
        observers.add(o);
    }

    public void removeObserver(SyscallObserver o) {
        observers.remove(o);
    }

    public java.util.List<SyscallObserver> observers() {
        return observers;
    }

    /** The number registered under {@code name} ("ioctl" gives 54), or -1. */
    public int number(String name) {
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** The call's name ("ioctl"), or "syscall_<nr>" for unknown numbers. */
    public String name(int nr) {
        return names.getOrDefault(nr, "syscall_" + (nr >= 0xf0000 ? String.format("0x%x", nr) : nr));
    }

    public boolean has(int nr) {
        return handlers.containsKey(nr);
    }

    /**
     * Runs one system call. Returns its result or -errno. {@link WouldBlock} propagates: the caller
     * parks the task and calls again later. An unknown number gives -ENOSYS and is logged once; a
     * bug in a handler is logged as an oops and reported to the guest as -EFAULT, never thrown.
     */
    public long dispatch(Task current, int nr, SyscallArgs args) {
        if (observers.isEmpty()) {
            return dispatch0(current, nr, args);
        }
        for (SyscallObserver o : observers) {
            o.enter(current, nr, args);
        }
        long r;
        try {
            r = dispatch0(current, nr, args);
        } catch (WouldBlock b) {
            for (SyscallObserver o : observers) {
                o.blocked(current, nr);
            }
            throw b;
        }
        for (SyscallObserver o : observers) {
            o.exit(current, nr, args, r);
        }
        return r;
    }

    private long dispatch0(Task current, int nr, SyscallArgs args) {
        SyscallHandler h = handlers.get(nr);
        if (h == null) {
            if (reportedUnknown.add(nr)) {
                log.warn("%s[%d]: unimplemented system call %s", current.comm(), current.pid(), name(nr));
            }
            return -Errno.ENOSYS;
        }
        current.kernel().clock().advance(vexmem.kernel.VirtualClock.SYSCALL_NANOS);
        if (Itimers.expire(current) && current.pendingSignal != 0) {
            return -Errno.EINTR; // SIGALRM's default action: the runner ends the task before the call runs
        }
        try {
            return h.call(current, args);
        } catch (KernelError e) {
            return -e.errno();
        } catch (WouldBlock b) {
            throw b;
        } catch (RuntimeException e) {
            log.err("BUG: %s in %s (pid %d): %s", e.getClass().getSimpleName(), name(nr), current.pid(), e);
            current.kernel().recordBug(name(nr), e);
            return -Errno.EFAULT;
        }
    }
}
