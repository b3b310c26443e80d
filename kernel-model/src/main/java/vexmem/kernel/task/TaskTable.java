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
        childExit.wakeUp();
    }

    /** Removes a reaped zombie. */
    public synchronized void reap(Task t) {
        tasks.remove(t.pid());
    }
}
