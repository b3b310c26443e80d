package vexmem.kernel.task;

import java.util.ArrayList;
import java.util.List;

/**
 * signal_struct, reduced to what threads share here: the leader (whose pid is the tgid), the live
 * threads in creation order, and the group exit (exit_group or a fatal signal) that ends them all.
 * A process that never calls clone(CLONE_THREAD) has a group of one.
 */
public final class ThreadGroup {
    private final Task leader;
    private final List<Task> live = new ArrayList<>();
    private boolean groupExit;
    private int groupExitCode;

    ThreadGroup(Task leader) {
        this.leader = leader;
        live.add(leader);
    }

    public Task leader() {
        return leader;
    }

    public int tgid() {
        return leader.pid();
    }

    /** Threads that have not exited yet, leader first when it is alive. */
    public synchronized List<Task> liveThreads() {
        return List.copyOf(live);
    }

    public synchronized int liveCount() {
        return live.size();
    }

    synchronized void add(Task t) {
        live.add(t);
    }

    /** Removes an exiting thread; true when it was the last one (the process is gone). */
    synchronized boolean remove(Task t) {
        live.remove(t);
        return live.isEmpty();
    }

    /** SIGNAL_GROUP_EXIT: records the status every thread exits with; false if a group exit already began. */
    synchronized boolean startGroupExit(int code) {
        if (groupExit) {
            return false;
        }
        groupExit = true;
        groupExitCode = code;
        return true;
    }

    public synchronized boolean groupExiting() {
        return groupExit;
    }

    public synchronized int groupExitCode() {
        return groupExitCode;
    }
}
