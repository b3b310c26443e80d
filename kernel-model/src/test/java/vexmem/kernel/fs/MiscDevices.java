package vexmem.kernel.fs;

/** TEST DOUBLE shadowing the VFS branch's MiscDevices (delete after merging vfs). */
public final class MiscDevices {
    public static final int MISC_MAJOR = 10;
    private final Vfs vfs;
    private int minor = 60;

    public MiscDevices(Vfs vfs) {
        this.vfs = vfs;
    }

    public int register(String name, FileOperations fops) {
        int m = minor++;
        vfs.link("/dev/" + name, new Inode(Inode.S_IFCHR | 0666, Inode.mkdev(MISC_MAJOR, m), fops));
        return m;
    }

    public void deregister(String name) {
        vfs.unlink("/dev/" + name);
    }
}
