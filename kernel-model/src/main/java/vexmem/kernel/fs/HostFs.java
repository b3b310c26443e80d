package vexmem.kernel.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/**
 * One host directory mounted into the guest tree ({@code vexmem run --mount HOST:GUEST}). Holds the
 * mount's real root, the inode cache (one inode per host path, so inode numbers are stable) and the
 * IOException → errno mapping. Nothing outside the root is reachable: names are single components
 * (the VFS handles "." and ".." itself, so ".." at the mount root goes to the guest parent), and host
 * symbolic links are followed only when their target stays inside the root (others are invisible).
 */
public final class HostFs {
    private final Path root;
    private final Map<Path, Inode> inodes = new ConcurrentHashMap<>();

    /** @param hostDir an existing host directory */
    public HostFs(Path hostDir) {
        try {
            this.root = hostDir.toRealPath();
        } catch (IOException e) {
            throw errno(e);
        }
        if (!java.nio.file.Files.isDirectory(root)) {
            throw new KernelError(Errno.ENOTDIR, hostDir.toString());
        }
    }

    public Path root() {
        return root;
    }

    /** The mount's root directory inode, to be placed in the guest tree with {@link Vfs#mount}. */
    public HostDirInode rootInode() {
        return (HostDirInode) inodes.computeIfAbsent(root, p -> new HostDirInode(this, p, 0755));
    }

    /** The host path of entry {@code name} in directory {@code dir}, or null if it would leave the root. */
    Path child(Path dir, String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            return null;
        }
        Path p = dir.resolve(name).normalize();
        return p.startsWith(root) && !p.equals(root) ? p : null;
    }

    /** True when p exists and, after following host symlinks, is still inside the root. */
    boolean visible(Path p) {
        if (!java.nio.file.Files.exists(p)) {
            return false;
        }
        try {
            return p.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /** The (cached) inode for an existing host path inside the root, or null. */
    Inode inode(Path p) {
        if (!visible(p)) {
            inodes.remove(p);
            return null;
        }
        boolean dir = java.nio.file.Files.isDirectory(p);
        Inode cached = inodes.get(p);
        if (cached != null && cached.isDir() == dir) {
            return cached;
        }
        int perm = 0;
        try {
            for (var x : java.nio.file.Files.getPosixFilePermissions(p)) {
                perm |= switch (x) {
                    case OWNER_READ -> 0400; case OWNER_WRITE -> 0200; case OWNER_EXECUTE -> 0100;
                    case GROUP_READ -> 040; case GROUP_WRITE -> 020; case GROUP_EXECUTE -> 010;
                    case OTHERS_READ -> 04; case OTHERS_WRITE -> 02; case OTHERS_EXECUTE -> 01;
                };
            }
        } catch (IOException | UnsupportedOperationException e) {
            perm = dir ? 0755 : 0644;
        }
        if (!java.nio.file.Files.isWritable(p)) {
            perm &= ~0222;
        }
        Inode n = dir ? new HostDirInode(this, p, perm) : new HostFileInode(this, p, perm);
        inodes.put(p, n);
        return n;
    }

    void forget(Path p) {
        inodes.remove(p);
    }

    /** IOException → errno: NoSuchFile ENOENT, AccessDenied EACCES, DirectoryNotEmpty ENOTEMPTY, FileAlreadyExists EEXIST. */
    public static KernelError errno(IOException e) {
        int errno;
        if (e instanceof NoSuchFileException) {
            errno = Errno.ENOENT;
        } else if (e instanceof AccessDeniedException) {
            errno = Errno.EACCES;
        } else if (e instanceof DirectoryNotEmptyException) {
            errno = Errno.ENOTEMPTY;
        } else if (e instanceof FileAlreadyExistsException) {
            errno = Errno.EEXIST;
        } else if (e instanceof NotDirectoryException) {
            errno = Errno.ENOTDIR;
        } else if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("Is a directory")) {
            errno = Errno.EISDIR;
        } else if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("No space")) {
            errno = Errno.ENOSPC;
        } else {
            errno = Errno.EIO;
        }
        return new KernelError(errno, e.getMessage());
    }
}
