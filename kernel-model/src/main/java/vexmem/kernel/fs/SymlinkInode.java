package vexmem.kernel.fs;

import java.util.function.Function;
import vexmem.kernel.task.Task;

/** A symbolic link whose target may depend on who asks (/proc/self, /proc/pid/fd/N). */
public final class SymlinkInode extends Inode {
    private final Function<Task, String> target;

    public SymlinkInode(Function<Task, String> target) {
        super(S_IFLNK | 0777, 0, null);
        this.target = target;
    }

    public String target(Task current) {
        return target.apply(current);
    }
}
