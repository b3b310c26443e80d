package vexmem.kernel.fs;

import java.util.concurrent.atomic.AtomicLong;
import vexmem.kernel.KernelObjects;

/**
 * struct file: an open file description shared by every fd (dup, SCM_RIGHTS) and every VMA that
 * refers to it. {@link #release} runs at the last {@link #put}, exactly when Linux calls ->release.
 */
public final class File {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final String path;
    private final FileOperations ops;
    private final KernelObjects objects;
    private int flags;
    private long refcount = 1;
    public long pos;
    /** private_data: the driver's per-open state. */
    public Object privateData;
    /** The inode this file was opened from, null for anonymous files (dma-buf, sockets). */
    public final Inode inode;

    /**
     * @param path  what /proc/pid/fd and traces show ("/dev/ion", "anon_inode:dmabuf", "socket:[5]")
     * @param flags f_flags (O_ACCMODE, O_NONBLOCK, O_APPEND ...)
     */
    public File(String path, Inode inode, FileOperations ops, int flags, KernelObjects objects) {
        this.path = path;
        this.inode = inode;
        this.ops = ops;
        this.flags = flags;
        this.objects = objects;
        objects.created(this);
    }

    /** Restarts file ids at boot, as {@link Inode#restartNumbering} does for inode numbers. */
    public static void restartNumbering() {
        IDS.set(0);
    }

    public long id() {
        return id;
    }

    public String path() {
        return path;
    }

    public FileOperations ops() {
        return ops;
    }

    public int flags() {
        return flags;
    }

    public void setFlags(int f) {
        flags = f;
    }

    public boolean canRead() {
        return (flags & 3) == OpenFlags.O_RDONLY || (flags & 3) == OpenFlags.O_RDWR;
    }

    public boolean canWrite() {
        return (flags & 3) == OpenFlags.O_WRONLY || (flags & 3) == OpenFlags.O_RDWR;
    }

    public synchronized long refcount() {
        return refcount;
    }

    /** get_file. */
    public synchronized File get() {
        if (refcount <= 0) {
            throw new IllegalStateException("get on released file " + path);
        }
        refcount++;
        return this;
    }

    /** fput: drops a reference; the last one calls the driver's release. */
    public void put() {
        synchronized (this) {
            if (refcount <= 0) {
                throw new IllegalStateException("fput on released file " + path);
            }
            if (--refcount > 0) {
                return;
            }
        }
        try {
            ops.release(this);
        } finally {
            objects.destroyed(this);
        }
    }

    @Override
    public String toString() {
        return path + "#" + id;
    }
}
