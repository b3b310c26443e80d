package vexmem.kernel.fs;

import java.util.HashMap;
import java.util.Map;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/**
 * Character device nodes (cdev_add + device_create): puts an S_IFCHR inode with the device number
 * at /dev/&lt;path&gt; (e.g. "dma_heap/system"). Dynamic majors come from 254 downwards, as
 * register_chrdev_region's dynamic search does. A Kernel service.
 */
public final class CharDevices {
    private final Vfs vfs;
    private final Map<String, Integer> majors = new HashMap<>();
    private int nextDynamicMajor = 254;

    public CharDevices(Vfs vfs) {
        this.vfs = vfs;
    }

    /** Creates /dev/&lt;path&gt;; EEXIST if present. Returns the inode. */
    public Inode register(String path, int major, int minor, FileOperations fops) {
        Inode inode = new Inode(Inode.S_IFCHR | 0666, Inode.mkdev(major, minor), fops);
        vfs.link(devPath(path), inode);
        return inode;
    }

    /** Removes /dev/&lt;path&gt;. */
    public void unregister(String path) {
        vfs.unlink(devPath(path));
    }

    /** alloc_chrdev_region: a dynamic major for a class (the same name gets the same major). */
    public synchronized int allocMajor(String name) {
        Integer m = majors.get(name);
        if (m == null) {
            if (nextDynamicMajor < 234) {
                throw new KernelError(Errno.EBUSY);
            }
            m = nextDynamicMajor--;
            majors.put(name, m);
        }
        return m;
    }

    private static String devPath(String path) {
        return path.startsWith("/") ? path : "/dev/" + path;
    }
}
