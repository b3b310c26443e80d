package vexmem.kernel.fs;

import java.util.function.Consumer;
import java.util.function.Supplier;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/**
 * debugfs mounted at /sys/kernel/debug. Files are generated at open like seq_files; writes go to
 * the optional store handler. A Kernel service.
 */
public final class DebugFs {
    public static final String ROOT = "/sys/kernel/debug";

    private final Vfs vfs;

    public DebugFs(Vfs vfs) {
        this.vfs = vfs;
        vfs.mkdirs(ROOT, false);
    }

    /** debugfs_create_dir relative to the debugfs root ("ion/heaps"). */
    public void createDir(String relPath) {
        vfs.mkdirs(abs(relPath), false);
    }

    /**
     * debugfs_create_file: {@code show} renders the content at open time; {@code store} (nullable)
     * receives what user space writes.
     */
    public void createFile(String relPath, int mode, Supplier<String> show, Consumer<String> store) {
        int perm = mode & 0777;
        if (store == null) {
            perm &= ~0222;
        }
        vfs.link(abs(relPath), new SeqInode(perm, t -> show.get(), store));
    }

    /** debugfs_remove(_recursive); a missing entry is ignored, as debugfs_remove(NULL) is. */
    public void remove(String relPath) {
        try {
            vfs.unlink(abs(relPath));
        } catch (KernelError e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    /**
     * What reading the file would show, rendered for the host side (the CLI's --dump, tests), the
     * way `cat /sys/kernel/debug/REL` would. ENOENT when there is no such generated file.
     */
    public String read(String relPath) {
        Inode i = vfs.lookup(abs(relPath));
        if (!(i instanceof SeqInode s)) {
            throw new KernelError(Errno.ENOENT, abs(relPath));
        }
        return s.show.apply(null);
    }

    private static String abs(String rel) {
        return ROOT + "/" + (rel.startsWith("/") ? rel.substring(1) : rel);
    }
}
