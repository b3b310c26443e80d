package vexmem.kernel.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.FdTable;
import vexmem.kernel.mm.AddressSpace;

/** The process table: pid allocation, lookup, and the zombies parents reap with wait4. */
public final class TaskTable {
    /** pid 1 is init; guests start from here so their pids look ordinary. */
    private static final int FIRST_GUEST_PID = 100;

    private final Kernel kernel;
    private final Map<Integer, Task> tasks = new TreeMap<>();
    private final WaitQueue childExit = new WaitQueue();
    private int nextPid = FIRST_GUEST_PID;

    public TaskTable(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Creates a process with an empty fd table and address space. */
    public synchronized Task create(String comm, Task parent) {
        int pid = nextPid++;
        Task t = new Task(kernel, pid, parent, comm,
                new FdTable(), new AddressSpace(kernel.physicalMemory(), kernel.pageAllocator()));
        t.setComm(comm);
        tasks.put(pid, t);
        for (var o : kernel.syscalls().observers()) {
            o.taskCreated(t);
        }
        return t;
    }

    public synchronized Task get(int pid) {
        return tasks.get(pid);
    }

    public synchronized List<Task> all() {
        return new ArrayList<>(tasks.values());
    }

    public synchronized List<Task> live() {
        return tasks.values().stream().filter(t -> t.state() != Task.State.ZOMBIE).toList();
    }

    /** Wait queue woken whenever a task exits (wait4 sleeps here). */
    public WaitQueue childExitQueue() {
        return childExit;
    }

    void exited(Task t) {
        for (var o : kernel.syscalls().observers()) {
            o.taskExited(t);
        }
        List<Task> orphans;
        synchronized (this) {
            orphans = tasks.values().stream().filter(c -> c.parent() == t).toList();
        }
        for (Task c : orphans) {
            c.orphan();
            if (c.state() == Task.State.ZOMBIE) {
                reap(c); // init reaps it
            }
        }
        Task p = t.parent();
        if (t.orphaned || (p != null && p.state() == Task.State.ZOMBIE)) {
            reap(t);
        } else if (p != null) {
            // exit_notify: SIGCHLD (dropped unless the parent handles it: SIG_DFL is ignore)
            SigState.send(p, SigState.SIGCHLD, t.pendingSignal != 0 ? 2 : 1, t.pid()); // CLD_KILLED / CLD_EXITED
        }
        childExit.wakeUp();
    }

    /**
     * copy_process for a new process (no CLONE_THREAD): a new pid whose parent is {@code parent}; the
     * descriptor table is duplicated (each file gets a reference, close-on-exec bits copied) and the
     * address space copied ({@link AddressSpace#dup}) or, with {@code shareVm}, shared. Signal dispositions and mask are inherited;
     * pending signals and interval timers are not.
     */
    public Task fork(Task parent) {
        return fork(parent, false);
    }

    /** {@code shareVm} (CLONE_VM): the child uses the parent's address space instead of a copy. */
    public Task fork(Task parent, boolean shareVm) {
        AddressSpace mm;
        if (shareVm) {
            mm = parent.mm();
            mm.getUser();
        } else {
            mm = new AddressSpace(kernel.physicalMemory(), kernel.pageAllocator());
            parent.mm().dup(mm);
        }
        FdTable files;
        try {
            files = parent.files().dup();
        } catch (RuntimeException e) {
            if (mm.putUser()) {
                mm.exitMmap();
            }
            throw e;
        }
        Task t;
        synchronized (this) {
            int pid = nextPid++;
            t = new Task(kernel, pid, parent, parent.comm(), files, mm);
            tasks.put(pid, t);
        }
        t.setComm(parent.comm());
        t.exePath = parent.exePath;
        t.cwd = parent.cwd;
        t.sigactions.putAll(parent.sigactions);
        t.sigmask = parent.sigmask;
        return t;
    }

    /** Removes a reaped zombie. */
    public synchronized void reap(Task t) {
        tasks.remove(t.pid());
    }
}
