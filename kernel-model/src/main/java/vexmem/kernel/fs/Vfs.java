package vexmem.kernel.fs;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.KernelObjects;
import vexmem.kernel.task.Task;

/**
 * The board's in-memory file system tree (/dev, /dev/dma_heap, /sys/kernel/debug, /proc, /tmp).
 * A Kernel service. Paths are resolved component by component as link_path_walk does, following
 * symbolic links (at most 40, then ELOOP) and honouring the task's working directory.
 */
public final class Vfs {
    private static final int MAXSYMLINKS = 40;
    public static final int PATH_MAX = 4096;

    private final DirInode root = new DirInode(0755, true);
    private final KernelObjects objects;

    public Vfs(KernelObjects objects) {
        this.objects = objects;
    }

    public DirInode root() {
        return root;
    }

    /** Creates a directory and its parents if missing. */
    public void mkdirs(String path) {
        mkdirs(path, true);
    }

    /** mkdirs whose new directories refuse user-created entries when {@code writable} is false (sysfs, debugfs). */
    public void mkdirs(String path, boolean writable) {
        DirInode d = root;
        for (String c : split(path)) {
            Inode n = d.child(null, c);
            if (n == null) {
                DirInode nd = new DirInode(0755, writable);
                d.put(c, nd);
                n = nd;
            }
            if (!(n instanceof DirInode nd)) {
                throw new KernelError(Errno.ENOTDIR, path);
            }
            d = nd;
        }
    }

    /** Places an inode at an absolute path (parent directories created). EEXIST if taken. */
    public void link(String path, Inode inode) {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new KernelError(Errno.EEXIST, path);
        }
        mkdirs(String.join("/", parts.subList(0, parts.size() - 1)), false);
        dirOf(parts).put(parts.get(parts.size() - 1), inode);
    }

    /**
     * Mounts a directory inode (e.g. a {@link HostFs} root) at an absolute path. Missing parents are
     * created; an existing empty directory at the path is covered (replaced), anything else there is
     * EBUSY, and "/" cannot be mounted over (EBUSY).
     */
    public void mount(String path, DirInode inode) {
        List<String> parts = split(normalize(path.startsWith("/") ? path : "/" + path));
        if (parts.isEmpty()) {
            throw new KernelError(Errno.EBUSY, "/");
        }
        mkdirs(String.join("/", parts.subList(0, parts.size() - 1)));
        DirInode parent = dirOf(parts);
        String name = parts.get(parts.size() - 1);
        synchronized (parent) {
            Inode old = parent.child(null, name);
            if (old != null) {
                if (!(old instanceof DirInode d) || d.getClass() != DirInode.class || !d.isEmpty()) {
                    throw new KernelError(Errno.EBUSY, path);
                }
                parent.remove(name);
            }
            parent.put(name, inode);
        }
    }

    /** Removes the entry at path (device removal, unlink). ENOENT if missing. */
    public void unlink(String path) {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new KernelError(Errno.EBUSY);
        }
        DirInode d = dirOf(parts);
        if (d.remove(parts.get(parts.size() - 1)) == null) {
            throw new KernelError(Errno.ENOENT, path);
        }
    }

    /** The inode at an absolute path (symlinks followed), or null. */
    public Inode lookup(String path) {
        return lookup(null, path);
    }

    public Inode lookup(Task current, String path) {
        try {
            return resolve(current, path, true);
        } catch (KernelError e) {
            return null;
        }
    }

    /** Names in a directory, sorted; ENOTDIR / ENOENT as KernelError. */
    public List<String> list(String path) {
        Inode n = resolve(null, path, true);
        if (!(n instanceof DirInode d)) {
            throw new KernelError(Errno.ENOTDIR, path);
        }
        return d.names(null);
    }

    /** do_filp_open: opens path with flags for current, calling the inode's fops.open. */
    public File open(Task current, String path, int flags, int mode) {
        int acc = flags & OpenFlags.O_ACCMODE;
        boolean wantWrite = acc == OpenFlags.O_WRONLY || acc == OpenFlags.O_RDWR;
        if (acc == 3) {
            throw new KernelError(Errno.EINVAL);
        }
        if (path.isEmpty()) {
            throw new KernelError(Errno.ENOENT);
        }
        boolean follow = (flags & OpenFlags.O_NOFOLLOW) == 0 || (flags & OpenFlags.O_CREAT) != 0;
        Inode inode;
        if ((flags & OpenFlags.O_CREAT) != 0) {
            Parent p = resolveParent(current, path);
            inode = p.dir.child(current, p.name);
            if (inode instanceof SymlinkInode s && (flags & OpenFlags.O_EXCL) == 0) {
                inode = resolve(current, absolute(current, path), true);
            }
            if (inode != null && (flags & OpenFlags.O_EXCL) != 0) {
                throw new KernelError(Errno.EEXIST, path);
            }
            if (inode == null) {
                if (!p.dir.writable) {
                    throw new KernelError(Errno.EACCES, path);
                }
                if (p.name.equals(".") || p.name.equals("..") || path.endsWith("/")) {
                    throw new KernelError(Errno.EISDIR, path);
                }
                inode = p.dir.createFile(p.name, mode & ~022);
            } else if (inode.isDir()) {
                throw new KernelError(Errno.EISDIR, path);
            }
        } else {
            inode = resolve(current, path, follow);
        }
        if (inode instanceof SymlinkInode) {
            throw new KernelError(Errno.ELOOP, path);
        }
        if ((flags & OpenFlags.O_DIRECTORY) != 0 && !inode.isDir()) {
            throw new KernelError(Errno.ENOTDIR, path);
        }
        if (inode.isDir() && (wantWrite || (flags & OpenFlags.O_CREAT) != 0)) {
            throw new KernelError(Errno.EISDIR, path);
        }
        if ((inode.mode & Inode.S_IFMT) == Inode.S_IFSOCK) {
            throw new KernelError(Errno.ENXIO, path);
        }
        if (wantWrite && (inode.mode & 0222) == 0) {
            throw new KernelError(Errno.EACCES, path);
        }
        if (inode.fops == null) {
            throw new KernelError(Errno.ENXIO, path);
        }
        if (inode instanceof RamInode r && wantWrite && (flags & OpenFlags.O_TRUNC) != 0) {
            r.truncate(0);
        }
        if (inode instanceof HostFileInode h && wantWrite && (flags & OpenFlags.O_TRUNC) != 0) {
            h.truncate(0);
        }
        File f = new File(normalize(absolute(current, path)), inode, inode.fops,
                flags & ~(OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_TRUNC | OpenFlags.O_NOCTTY | OpenFlags.O_CLOEXEC),
                objects);
        try {
            inode.fops.open(current, f);
        } catch (RuntimeException e) {
            // A failed ->open never sees ->release (do_dentry_open's cleanup path).
            objects.destroyed(f);
            throw e;
        }
        return f;
    }

    // ---------------------------------------------------------------- path walking

    /** The parent directory of a path's last component, and that name. */
    public record Parent(DirInode dir, String name) {
    }

    public Parent resolveParent(Task current, String path) {
        List<String> parts = split(absolute(current, path));
        if (parts.isEmpty()) {
            return new Parent(root, ".");
        }
        Inode d = walk(current, parts.subList(0, parts.size() - 1), true, 0);
        if (!(d instanceof DirInode dir)) {
            throw new KernelError(Errno.ENOTDIR, path);
        }
        return new Parent(dir, parts.get(parts.size() - 1));
    }

    /** The inode a path names; ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG as Linux reports them. */
    public Inode resolve(Task current, String path, boolean followLast) {
        if (path.isEmpty()) {
            throw new KernelError(Errno.ENOENT);
        }
        if (path.length() >= PATH_MAX) {
            throw new KernelError(Errno.ENAMETOOLONG);
        }
        Inode n = walk(current, split(absolute(current, path)), followLast, 0);
        if (path.endsWith("/") && !n.isDir()) {
            throw new KernelError(Errno.ENOTDIR, path);
        }
        return n;
    }

    private Inode walk(Task current, List<String> parts, boolean followLast, int depth) {
        List<Inode> stack = new ArrayList<>();
        stack.add(root);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String c = parts.get(i);
            Inode here = stack.get(stack.size() - 1);
            if (!(here instanceof DirInode d)) {
                throw new KernelError(Errno.ENOTDIR);
            }
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (stack.size() > 1) {
                    stack.remove(stack.size() - 1);
                    done.remove(done.size() - 1);
                }
                continue;
            }
            if (c.length() > 255) {
                throw new KernelError(Errno.ENAMETOOLONG);
            }
            Inode n = d.child(current, c);
            if (n == null) {
                throw new KernelError(Errno.ENOENT, c);
            }
            boolean last = i == parts.size() - 1;
            if (n instanceof SymlinkInode s && (!last || followLast)) {
                if (depth >= MAXSYMLINKS) {
                    throw new KernelError(Errno.ELOOP);
                }
                String t = s.target(current);
                String base = t.startsWith("/") ? t : "/" + String.join("/", done) + "/" + t;
                List<String> rest = new ArrayList<>(split(base));
                rest.addAll(parts.subList(i + 1, parts.size()));
                return walk(current, rest, followLast, depth + 1);
            }
            stack.add(n);
            done.add(c);
        }
        return stack.get(stack.size() - 1);
    }

    /** Resolves against the task's cwd; purely lexical. */
    public static String absolute(Task current, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String cwd = current == null ? "/" : current.cwd;
        return cwd.endsWith("/") ? cwd + path : cwd + "/" + path;
    }

    /** Lexically normalised absolute path ("/a/./b/../c" → "/a/c"), for getcwd/chdir. */
    public static String normalize(String abs) {
        List<String> out = new ArrayList<>();
        for (String c : split(abs)) {
            if (c.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (!c.equals(".")) {
                out.add(c);
            }
        }
        return "/" + String.join("/", out);
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private DirInode dirOf(List<String> parts) {
        Inode d = walk(null, parts.subList(0, parts.size() - 1), true, 0);
        if (!(d instanceof DirInode dir)) {
            throw new KernelError(Errno.ENOTDIR);
        }
        return dir;
    }
}
