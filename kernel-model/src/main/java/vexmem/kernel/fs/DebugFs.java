package vexmem.kernel.fs;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * debugfs mounted at /sys/kernel/debug. Files are generated on read like seq_files.
 * A Kernel service. STUB: bodies come with the VFS work.
 */
public final class DebugFs {
    /** debugfs_create_dir relative to the debugfs root ("ion/heaps"). */
    public void createDir(String relPath) { throw new UnsupportedOperationException(); }

    /**
     * debugfs_create_file: {@code show} renders the content at open time; {@code store} (nullable)
     * receives what user space writes.
     */
    public void createFile(String relPath, int mode, Supplier<String> show, Consumer<String> store) {
        throw new UnsupportedOperationException();
    }

    /** debugfs_remove(_recursive). */
    public void remove(String relPath) { throw new UnsupportedOperationException(); }
}
