package vexmem.kernel.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;

/**
 * A directory. Static directories keep their entries in a sorted map; dynamic ones (/proc,
 * /proc/&lt;pid&gt;) override {@link #child} and {@link #names} to generate entries per lookup.
 * {@code writable} says whether user space may create entries (tmpfs-like /tmp, /dev), which
 * procfs and debugfs refuse.
 */
public class DirInode extends Inode {
    private final TreeMap<String, Inode> children = new TreeMap<>();
    public final boolean writable;

    public DirInode(int perm, boolean writable) {
        super(S_IFDIR | perm, 0, DirOps.INSTANCE);
        this.writable = writable;
    }

    /** The entry called {@code name}, or null; {@code current} lets /proc answer per task. */
    public synchronized Inode child(Task current, String name) {
        return children.get(name);
    }

    /** Entry names, sorted. */
    public synchronized List<String> names(Task current) {
        return new ArrayList<>(children.keySet());
    }

    public synchronized void put(String name, Inode inode) {
        if (children.containsKey(name)) {
            throw new KernelError(Errno.EEXIST, name);
        }
        children.put(name, inode);
    }

    public synchronized Inode remove(String name) {
        return children.remove(name);
    }

    public synchronized boolean isEmpty() {
        return children.isEmpty();
    }

    /** open(O_CREAT) of a missing name: a new regular file (a RAM file here; host mounts override). */
    public Inode createFile(String name, int perm) {
        Inode n = new RamInode(perm);
        put(name, n);
        return n;
    }

    /** mkdir of a missing name (callers have checked that it is missing and that the directory is writable). */
    public void mkdir(String name, int perm) {
        put(name, new DirInode(perm & 0777, true));
    }

    /** Directory files: read() gives EISDIR; getdents64 walks {@link #names} using f_pos as index. */
    static final class DirOps implements FileOperations {
        static final DirOps INSTANCE = new DirOps();

        @Override
        public long read(Task current, File file, long ubuf, long count) {
            throw new KernelError(Errno.EISDIR);
        }

        @Override
        public long write(Task current, File file, long ubuf, long count) {
            throw new KernelError(Errno.EISDIR);
        }

        /** dcache_dir_lseek: SEEK_SET and SEEK_CUR (telldir-style lseek(fd, 0, SEEK_CUR)); SEEK_END is EINVAL. */
        @Override
        public long llseek(Task current, File file, long offset, int whence) {
            long pos = switch (whence) {
                case Seek.SEEK_SET -> offset;
                case Seek.SEEK_CUR -> file.pos + offset;
                default -> throw new KernelError(Errno.EINVAL);
            };
            if (pos < 0) {
                throw new KernelError(Errno.EINVAL);
            }
            file.pos = pos;
            return pos;
        }
    }
}
