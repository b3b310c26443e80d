package vexmem.kernel.fs;

import java.util.List;
import vexmem.kernel.task.Task;

/**
 * The board's in-memory file system tree (/dev, /dev/dma_heap, /sys/kernel/debug, /proc, /tmp).
 * A Kernel service. STUB: bodies come with the VFS work; signatures are the contract.
 */
public final class Vfs {
    /** Creates a directory and its parents if missing. */
    public void mkdirs(String path) { throw new UnsupportedOperationException(); }

    /** Places an inode at an absolute path (parent directories created). EEXIST if taken. */
    public void link(String path, Inode inode) { throw new UnsupportedOperationException(); }

    /** Removes the entry at path (device removal, unlink). */
    public void unlink(String path) { throw new UnsupportedOperationException(); }

    /** The inode at an absolute path, or null. */
    public Inode lookup(String path) { throw new UnsupportedOperationException(); }

    /** Names in a directory, sorted; ENOTDIR / ENOENT as KernelError. */
    public List<String> list(String path) { throw new UnsupportedOperationException(); }

    /** do_filp_open: opens path with flags for current, calling the inode's fops.open. */
    public File open(Task current, String path, int flags, int mode) { throw new UnsupportedOperationException(); }
}
