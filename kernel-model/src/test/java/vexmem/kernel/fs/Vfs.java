package vexmem.kernel.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.KernelObjects;
import vexmem.kernel.task.Task;

/** TEST DOUBLE shadowing the VFS branch's Vfs (delete after merging vfs): a path → inode map. */
public final class Vfs {
    private final TreeMap<String, Inode> nodes = new TreeMap<>();
    private final KernelObjects objects;

    public Vfs(KernelObjects objects) {
        this.objects = objects;
    }

    public synchronized void mkdirs(String path) {
        nodes.putIfAbsent(path, new Inode(Inode.S_IFDIR | 0755, 0, null));
    }

    public synchronized void link(String path, Inode inode) {
        if (nodes.containsKey(path)) {
            throw new KernelError(Errno.EEXIST);
        }
        nodes.put(path, inode);
    }

    public synchronized void unlink(String path) {
        if (nodes.remove(path) == null) {
            throw new KernelError(Errno.ENOENT);
        }
    }

    public synchronized Inode lookup(String path) {
        return nodes.get(path);
    }

    public synchronized List<String> list(String path) {
        List<String> out = new ArrayList<>();
        for (String p : nodes.keySet()) {
            if (p.startsWith(path + "/") && p.indexOf('/', path.length() + 1) < 0) {
                out.add(p.substring(path.length() + 1));
            }
        }
        return out;
    }

    public File open(Task current, String path, int flags, int mode) {
        Inode i = lookup(path);
        if (i == null) {
            throw new KernelError(Errno.ENOENT);
        }
        File f = new File(path, i, i.fops, flags, objects);
        try {
            i.fops.open(current, f);
        } catch (KernelError e) {
            f.put();
            throw e;
        }
        return f;
    }
}
