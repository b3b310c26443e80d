package vexmem.kernel.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;

/**
 * A directory of a host directory tree mounted into the guest ({@link HostFs}). Entries are the host
 * directory's (looked up on every access, so host-side changes show); files are {@link HostFileInode}s,
 * subdirectories HostDirInodes. Objects the guest creates that have no host form (AF_UNIX sockets bound
 * here) live in the inherited in-memory map, in front of the host entries.
 */
public final class HostDirInode extends DirInode {
    private final HostFs fs;
    private final Path path;

    HostDirInode(HostFs fs, Path path, int perm) {
        super(perm & 07777, true);
        this.fs = fs;
        this.path = path;
    }

    public Path hostPath() {
        return path;
    }

    @Override
    public Inode child(Task current, String name) {
        Inode mem = super.child(current, name);
        if (mem != null) {
            return mem;
        }
        Path p = fs.child(path, name);
        return p == null ? null : fs.inode(p);
    }

    @Override
    public List<String> names(Task current) {
        TreeSet<String> out = new TreeSet<>(super.names(current));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
            for (Path p : ds) {
                if (fs.visible(p)) {
                    out.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
        return new ArrayList<>(out);
    }

    /** Binding a socket here: kept in memory (EEXIST if a host entry has the name). */
    @Override
    public void put(String name, Inode inode) {
        Path p = fs.child(path, name);
        if (p == null) {
            throw new KernelError(Errno.EINVAL, name);
        }
        if (fs.inode(p) != null) {
            throw new KernelError(Errno.EEXIST, name);
        }
        super.put(name, inode);
    }

    /** unlink / rmdir: the in-memory entry, else the host file or (empty) directory. */
    @Override
    public Inode remove(String name) {
        Inode mem = super.remove(name);
        if (mem != null) {
            return mem;
        }
        Path p = fs.child(path, name);
        Inode n = p == null ? null : fs.inode(p);
        if (n == null) {
            return null;
        }
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
        fs.forget(p);
        return n;
    }

    @Override
    public boolean isEmpty() {
        if (!super.isEmpty()) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
            return !ds.iterator().hasNext();
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    public Inode createFile(String name, int perm) {
        Path p = fs.child(path, name);
        if (p == null) {
            throw new KernelError(Errno.EINVAL, name);
        }
        try {
            Files.createFile(p);
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
        Inode n = fs.inode(p);
        if (n == null) {
            throw new KernelError(Errno.EIO, name);
        }
        return n;
    }

    @Override
    public void mkdir(String name, int perm) {
        Path p = fs.child(path, name);
        if (p == null) {
            throw new KernelError(Errno.EINVAL, name);
        }
        if (super.child(null, name) != null) {
            throw new KernelError(Errno.EEXIST, name);
        }
        try {
            Files.createDirectory(p);
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    public String toString() {
        return "host:" + path;
    }
}
