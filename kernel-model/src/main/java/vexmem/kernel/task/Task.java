package vexmem.kernel.task;

import vexmem.kernel.Kernel;
import vexmem.kernel.fs.FdTable;
import vexmem.kernel.mm.AddressSpace;

/**
 * task_struct: one thread. pid is the thread id; the {@link ThreadGroup} it belongs to gives the tgid
 * (the leader's pid) that getpid returns. The descriptor table, address space and signal handlers may
 * be shared with other tasks (CLONE_FILES, CLONE_VM, CLONE_SIGHAND). When the last user of each goes,
 * every fd is closed and every VMA unmapped, which releases ION clients, dma-bufs and driver state
 * through their ordinary release paths.
 */
public final class Task {
    public enum State { RUNNING, BLOCKED, ZOMBIE }

    private final Kernel kernel;
    private final int pid;
    private Task parent;
    private String comm;
    private FdTable files;
    private ThreadGroup group;
    private AddressSpace mm;
    private volatile State state = State.RUNNING;
    private int exitStatus;
    /** Per-task data the CPU back end keeps (its engine, registers); the kernel never looks inside. */
    public Object cpuContext;
    /** What /proc/pid/exe points to (the loaded program's path). */
    public volatile String exePath;
    /** Working directory (absolute, normalised) for relative paths and getcwd. */
    public volatile String cwd = "/";
    /**
     * Absolute virtual deadline of a sleep in progress (nanosleep, timeouts), -1 when none: the
     * restarted call must not extend it. Cleared when the call completes.
     */
    public long sleepDeadline = -1;
    /** A fatal signal sent to this task (kill/tgkill/abort); the runner ends it with 128 + sig. 0 = none. */
    public volatile int pendingSignal;
    /** si_code of {@link #pendingSignal} (SigState.SI_USER, SI_TKILL, SI_KERNEL). */
    public volatile int pendingSignalCode;
    /** Handled or blocked signals waiting for delivery: bit sig-1 ({@link SigState#send}). */
    public volatile long sigpending;
    /** si_code and sender pid of each queued signal, indexed by signal number. */
    public final int[] sigCode = new int[65];
    public final int[] sigPid = new int[65];
    /** rt_sigsuspend in progress: {@link #sigsuspendOld} is the mask to restore (saved in the signal frame). */
    public boolean inSigsuspend;
    public long sigsuspendOld;
    /** pause/rt_sigsuspend sleep here; only a signal (scheduler wake) ends the sleep. */
    public final WaitQueue signalWait = new WaitQueue();
    /** rt_sigaction's struct sigaction per signal (20 bytes: handler, flags, restorer, mask), and the blocked mask. */
    public java.util.Map<Integer, byte[]> sigactions = new java.util.HashMap<>();
    public long sigmask;
    /**
     * Interval timers (setitimer): absolute virtual deadline (-1 = disarmed) and reload interval in ns,
     * indexed by ITIMER_REAL 0, ITIMER_VIRTUAL 1, ITIMER_PROF 2. Only ITIMER_REAL expires
     * ({@link vexmem.kernel.syscall.Itimers}).
     */
    public final long[] itimerDeadline = {-1, -1, -1};
    public final long[] itimerInterval = new long[3];
    /** clear_child_tid (CLONE_CHILD_CLEARTID / set_tid_address): 0 is written there at exit. 0 = none. */
    public long clearChildTid;
    /** A vfork parent sleeps here until this task execs or exits. */
    public final WaitQueue vforkDone = new WaitQueue();
    /** Set for a CLONE_VFORK child until it execs or exits (its parent is blocked). */
    public volatile boolean inVfork;
    /** The vfork child the task is blocked on (CLONE_VFORK), or null. */
    public volatile Task vforkChild;
    /** sigaltstack: the alternate signal stack (size 0 = none) and its flags (SS_DISABLE, SS_AUTODISARM). */
    public long sasSp;
    public long sasSize;
    public int sasFlags = SigState.SS_DISABLE;
    /** The futex this task sleeps on (FUTEX_WAIT in progress), or null. */
    public FutexTable.Waiter futexWaiter;

    public Task(Kernel kernel, int pid, Task parent, String comm, FdTable files, AddressSpace mm) {
        this.kernel = kernel;
        this.pid = pid;
        this.parent = parent;
        this.comm = comm;
        this.files = files;
        this.mm = mm;
        this.group = new ThreadGroup(this);
    }

    public Kernel kernel() {
        return kernel;
    }

    public int pid() {
        return pid;
    }

    /** Thread-group id: the leader's pid (what getpid returns). */
    public int tgid() {
        return group.tgid();
    }

    public ThreadGroup group() {
        return group;
    }

    /** True for the thread whose pid is the tgid (every single-threaded process). */
    public boolean isLeader() {
        return group.leader() == this;
    }

    /** CLONE_THREAD: this new task becomes a thread of {@code creator}'s group. */
    void joinGroupOf(Task creator) {
        group = creator.group;
        group.add(this);
    }

    /**
     * A process in wait4's sense has exited: its leader is a zombie and no thread is left (a leader that
     * called pthread_exit stays a zombie, not yet reapable, while other threads run).
     */
    public boolean processExited() {
        return isLeader() && state == State.ZOMBIE && group.liveCount() == 0;
    }

    public Task parent() {
        return parent;
    }

    /** getppid: the parent process's tgid (the forking thread may not be its leader). */
    public int ppid() {
        return parent == null ? 0 : parent.tgid();
    }

    /** The command name (at most 15 characters, as TASK_COMM_LEN allows). */
    public String comm() {
        return comm;
    }

    public void setComm(String c) {
        comm = c.length() > 15 ? c.substring(0, 15) : c;
    }

    public FdTable files() {
        return files;
    }

    public AddressSpace mm() {
        return mm;
    }

    public State state() {
        return state;
    }

    public void setState(State s) {
        state = s;
    }

    public int exitStatus() {
        return exitStatus;
    }

    /** Called by wait queues; hands the task back to whoever schedules it. */
    public void wake() {
        kernel.scheduler().wake(this);
    }

    /**
     * do_group_exit (exit_group, a fatal signal, shutdown): every other thread of the group exits with
     * the same status, then this one. A single-threaded process just exits.
     */
    public void exit(int status) {
        if (state == State.ZOMBIE) {
            return;
        }
        if (!group.startGroupExit(status)) {
            status = group.groupExitCode();
        }
        if (pendingSignal != 0 && group.leader().pendingSignal == 0) {
            group.leader().pendingSignal = pendingSignal; // wait4 reports the process as killed by it
        }
        for (Task o : group.liveThreads()) {
            if (o != this) {
                o.exitThread(status);
            }
        }
        exitThread(status);
    }

    /**
     * do_exit for one thread (the exit system call, pthread_exit): clear_child_tid is cleared and its
     * futex woken (pthread_join), the thread's references to the shared files and address space are
     * dropped, and the task becomes a zombie. Only when it is the group's last thread does the process
     * exit: files closed, address space torn down, the parent notified about the leader.
     */
    public void exitThread(int status) {
        if (state == State.ZOMBIE) {
            return;
        }
        exitStatus = status;
        cancelSleep();
        boolean last = group.liveCount() == 1;
        Task leader = group.leader();
        if (last) {
            if (group.groupExiting()) {
                leader.exitStatus = group.groupExitCode();
            }
            for (var o : kernel.syscalls().observers()) {
                o.taskExiting(leader);
            }
        }
        if (clearChildTid != 0) {
            try {
                mm.putUserInt(clearChildTid, 0);
                FutexTable.of(kernel).wake(this, clearChildTid, false, 1, FutexTable.BITSET_ANY);
            } catch (RuntimeException ignored) {
                // EFAULT is ignored, as in mm_release
            }
            clearChildTid = 0;
        }
        if (files.putUser()) {
            files.closeAll();
        }
        if (mm.putUser()) {
            mm.exitMmap();
        }
        state = State.ZOMBIE;
        group.remove(this);
        vforkDoneNow();
        kernel.tasks().threadExited(this, last);
        wake(); // a thread ended while asleep leaves its scheduler's wait queues
    }

    /** A sleep in progress is abandoned (signal, exit): a futex waiter leaves its queue. */
    public void cancelSleep() {
        if (futexWaiter != null) {
            FutexTable.of(kernel).cancel(this);
        }
    }

    /**
     * de_thread (execve in a multi-threaded process): every other thread exits at once. Deviation: when
     * the caller is not the leader it keeps its own pid (Linux gives it the leader's).
     */
    public void killOtherThreads() {
        for (Task o : group.liveThreads()) {
            if (o != this) {
                o.exitThread(0);
            }
        }
    }

    /** unshare_files for execve: a descriptor table shared with another process is copied first. */
    public void unshareFiles() {
        if (files.users() > 1) {
            FdTable mine = files.dup();
            files.putUser();
            files = mine;
        }
    }

    /**
     * exec_mmap: the task's address space emptied for a new image. A CLONE_VM child leaves the shared
     * one to its parent and gets a new, empty one.
     */
    public AddressSpace execMm() {
        if (mm.users() > 1) {
            mm.putUser();
            mm = new AddressSpace(kernel.physicalMemory(), kernel.pageAllocator());
        } else {
            mm.exitMmap();
        }
        return mm;
    }

    /** mm_release for a vfork child (exec or exit): the parent may run again. */
    public void vforkDoneNow() {
        if (inVfork) {
            inVfork = false;
            vforkDone.wakeUp();
        }
    }

    /** Reparenting to another thread of the parent's group, whose thread exited. */
    void reparent(Task to) {
        parent = to;
    }

    /** Reparenting to init (parent null): orphans are reaped by init as soon as they are zombies. */
    void orphan() {
        parent = null;
        orphaned = true;
    }

    /** Adopted by init: reaped as soon as it exits. */
    boolean orphaned;

    @Override
    public String toString() {
        return comm + "[" + pid + "]";
    }
}
