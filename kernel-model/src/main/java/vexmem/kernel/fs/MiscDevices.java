package vexmem.kernel.fs;

/**
 * The misc character device class (major 10): misc_register gives a dynamic minor and creates
 * /dev/&lt;name&gt;. A Kernel service. STUB: bodies come with the VFS work.
 */
public final class MiscDevices {
    public static final int MISC_MAJOR = 10;

    /** misc_register: returns the minor; EBUSY if the name is taken. */
    public int register(String name, FileOperations fops) { throw new UnsupportedOperationException(); }

    /** misc_deregister. */
    public void deregister(String name) { throw new UnsupportedOperationException(); }
}
