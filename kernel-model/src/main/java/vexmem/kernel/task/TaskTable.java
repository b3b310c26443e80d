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

    /**
     * A thread exited ({@link Task#exitThread}). Its children go to another live thread of its group.
     * A thread that was not the last is reaped at once (threads are never waited for), except the
     * leader, which stays a zombie until the group is empty. When the last thread goes, the process
     * exits: its parent is told about the leader.
     */
    void threadExited(Task t, boolean last) {
        Task leader = t.group().leader();
        Task heir = last ? leader : t.group().liveThreads().get(0);
        if (heir != t) {
            List<Task> kids;
            synchronized (this) {
                kids = tasks.values().stream().filter(c -> c.parent() == t).toList();
            }
            kids.forEach(c -> c.reparent(heir));
        }
        if (t != leader) {
            reap(t);
        }
        if (last) {
            processExited(leader);
        }
    }

    private void processExited(Task t) {
        for (var o : kernel.syscalls().observers()) {
            o.taskExited(t);
        }
        List<Task> orphans;
        synchronized (this) {
            orphans = tasks.values().stream().filter(c -> c.parent() == t).toList();
        }
        for (Task c : orphans) {
            c.orphan();
            if (c.processExited()) {
                reap(c); // init reaps it
            }
        }
        Task p = t.parent();
        if (t.orphaned || (p != null && p.group().liveCount() == 0)) {
            reap(t);
        } else if (p != null) {
            // exit_notify: SIGCHLD to the parent process (dropped unless it handles it: SIG_DFL is ignore)
            SigState.sendProcess(p, SigState.SIGCHLD, t.pendingSignal != 0 ? 2 : 1, t.pid()); // CLD_KILLED / CLD_EXITED
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
        return clone(parent, shareVm, false, false, false);
    }

    /**
     * copy_process: {@code shareVm} (CLONE_VM) shares the address space instead of copying it,
     * {@code shareFiles} (CLONE_FILES) the descriptor table, {@code shareSighand} (CLONE_SIGHAND) the
     * signal handlers; {@code thread} (CLONE_THREAD) makes the child a thread of the parent's group,
     * whose parent process is the creator's parent (a thread is never a child of its creator).
     */
    public Task clone(Task parent, boolean shareVm, boolean shareFiles, boolean shareSighand, boolean thread) {
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
            if (shareFiles) {
                files = parent.files();
                files.getUser();
            } else {
                files = parent.files().dup();
            }
        } catch (RuntimeException e) {
            if (mm.putUser()) {
                mm.exitMmap();
            }
            throw e;
        }
        Task t;
        synchronized (this) {
            int pid = nextPid++;
            t = new Task(kernel, pid, thread ? parent.parent() : parent, parent.comm(), files, mm);
            tasks.put(pid, t);
        }
        if (thread) {
            t.joinGroupOf(parent);
            if (parent.orphaned) {
                t.orphaned = true;
            }
        }
        t.setComm(parent.comm());
        t.exePath = parent.exePath;
        t.cwd = parent.cwd;
        if (shareSighand) {
            t.sigactions = parent.sigactions;
        } else {
            t.sigactions.putAll(parent.sigactions);
        }
        t.sigmask = parent.sigmask;
        t.sasSp = parent.sasSp;
        t.sasSize = parent.sasSize;
        t.sasFlags = parent.sasFlags;
        return t;
    }

    /** Removes a reaped zombie. */
    public synchronized void reap(Task t) {
        tasks.remove(t.pid());
    }
}
