package vexmem.kernel.syscall;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.DirInode;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.fs.HostFileInode;
import vexmem.kernel.fs.Inode;
import vexmem.kernel.fs.OpenFlags;
import vexmem.kernel.fs.Pipe;
import vexmem.kernel.fs.RamInode;
import vexmem.kernel.fs.SeqInode;
import vexmem.kernel.fs.SymlinkInode;
import vexmem.kernel.fs.Vfs;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WouldBlock;

/** fs/read_write.c, fs/open.c, fs/namei.c, fs/stat.c, fs/fcntl.c, fs/ioctl.c, fs/readdir.c. */
final class FileSyscalls {
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_NO_AUTOMOUNT = 0x800,
            AT_EMPTY_PATH = 0x1000, AT_STATX_SYNC_TYPE = 0x6000, STATX_RESERVED = 0x80000000;
    static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;
    static final int FIONBIO = 0x5421, FIOCLEX = 0x5451, FIONCLEX = 0x5450;
    static final int IOV_MAX = 1024;
    /** rw_verify_area clamps every transfer to INT_MAX rounded down to a page. */
    static final long MAX_RW_COUNT = 0x7ffff000L;

    private FileSyscalls() {
    }

    static Vfs vfs(Task t) {
        return t.kernel().service(Vfs.class);
    }

    static void register(Kernel k, SyscallTable tab, Reg r) {
        r.add(Nr.read, "read", (t, a) -> read(t, a.intArg(0), a.arg(1), a.arg(2)));
        r.add(Nr.write, "write", (t, a) -> write(t, a.intArg(0), a.arg(1), a.arg(2)));
        r.add(Nr.readv, "readv", (t, a) -> rwv(t, a.intArg(0), a.arg(1), a.intArg(2), false));
        r.add(Nr.writev, "writev", (t, a) -> rwv(t, a.intArg(0), a.arg(1), a.intArg(2), true));
        r.add(Nr.pread64, "pread64", (t, a) -> prw(t, a.intArg(0), a.arg(1), a.arg(2), Uaccess.pair(a, 4), false));
        r.add(Nr.pwrite64, "pwrite64", (t, a) -> prw(t, a.intArg(0), a.arg(1), a.arg(2), Uaccess.pair(a, 4), true));
        r.add(Nr.open, "open", (t, a) -> openat(t, AT_FDCWD, a.arg(0), a.intArg(1), a.intArg(2)));
        r.add(Nr.openat, "openat", (t, a) -> openat(t, a.intArg(0), a.arg(1), a.intArg(2), a.intArg(3)));
        r.add(Nr.close, "close", (t, a) -> {
            t.files().close(a.intArg(0));
            return 0;
        });
        r.add(Nr.lseek, "lseek", (t, a) -> {
            File f = t.files().get(a.intArg(0));
            long pos = f.ops().llseek(t, f, a.intArg(1), a.intArg(2));
            if (pos > Integer.MAX_VALUE) {
                throw new KernelError(Errno.EOVERFLOW);
            }
            return pos;
        });
        r.add(Nr._llseek, "_llseek", (t, a) -> {
            File f = t.files().get(a.intArg(0));
            long off = (a.arg(1) << 32) | a.arg(2);
            long pos = f.ops().llseek(t, f, off, a.intArg(4));
            ByteBuffer b = Uaccess.le(8).putLong(0, pos);
            Uaccess.write(t, a.arg(3), b);
            return 0;
        });
        r.add(Nr.ioctl, "ioctl", (t, a) -> ioctl(t, a.intArg(0), a.intArg(1), a.arg(2)));
        r.add(Nr.fcntl64, "fcntl64", (t, a) -> fcntl(t, a.intArg(0), a.intArg(1), a.arg(2)));
        r.add(Nr.dup, "dup", (t, a) -> t.files().install(t.files().fget(a.intArg(0)), false));
        r.add(Nr.dup2, "dup2", (t, a) -> {
            int oldfd = a.intArg(0);
            int newfd = a.intArg(1);
            File f = t.files().get(oldfd);
            if (oldfd == newfd) {
                return newfd;
            }
            return dupTo(t, f, newfd, false);
        });
        r.add(Nr.dup3, "dup3", (t, a) -> {
            int oldfd = a.intArg(0);
            int newfd = a.intArg(1);
            int flags = a.intArg(2);
            if ((flags & ~OpenFlags.O_CLOEXEC) != 0 || oldfd == newfd) {
                throw new KernelError(Errno.EINVAL);
            }
            return dupTo(t, t.files().get(oldfd), newfd, (flags & OpenFlags.O_CLOEXEC) != 0);
        });
        r.add(Nr.pipe2, "pipe2", (t, a) -> pipe2(t, a.arg(0), a.intArg(1)));
        r.add(Nr.pipe, "pipe", (t, a) -> pipe2(t, a.arg(0), 0));
        r.add(Nr.getdents64, "getdents64", (t, a) -> getdents64(t, a.intArg(0), a.arg(1), a.intArg(2)));
        r.add(Nr.fstat64, "fstat64", (t, a) -> {
            Stat.writeStat64(t, a.arg(1), t.files().get(a.intArg(0)).inode);
            return 0;
        });
        r.add(Nr.stat64, "stat64", (t, a) -> {
            Stat.writeStat64(t, a.arg(1), vfs(t).resolve(t, Uaccess.path(t, a.arg(0)), true));
            return 0;
        });
        r.add(Nr.lstat64, "lstat64", (t, a) -> {
            Stat.writeStat64(t, a.arg(1), vfs(t).resolve(t, Uaccess.path(t, a.arg(0)), false));
            return 0;
        });
        r.add(Nr.fstatat64, "fstatat64", (t, a) -> {
            int flags = a.intArg(3);
            if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) != 0) {
                throw new KernelError(Errno.EINVAL);
            }
            Stat.writeStat64(t, a.arg(2), inodeAt(t, a.intArg(0), a.arg(1), flags));
            return 0;
        });
        r.add(Nr.statx, "statx", (t, a) -> {
            int flags = a.intArg(2);
            if ((a.intArg(3) & STATX_RESERVED) != 0 || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE
                    || (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) != 0) {
                throw new KernelError(Errno.EINVAL);
            }
            Stat.writeStatx(t, a.arg(4), inodeAt(t, a.intArg(0), a.arg(1), flags));
            return 0;
        });
        r.add(Nr.readlink, "readlink", (t, a) -> readlink(t, AT_FDCWD, a.arg(0), a.arg(1), a.intArg(2)));
        r.add(Nr.readlinkat, "readlinkat", (t, a) -> readlink(t, a.intArg(0), a.arg(1), a.arg(2), a.intArg(3)));
        r.add(Nr.unlink, "unlink", (t, a) -> unlinkat(t, AT_FDCWD, a.arg(0), 0));
        r.add(Nr.rmdir, "rmdir", (t, a) -> unlinkat(t, AT_FDCWD, a.arg(0), AT_REMOVEDIR));
        r.add(Nr.unlinkat, "unlinkat", (t, a) -> unlinkat(t, a.intArg(0), a.arg(1), a.intArg(2)));
        r.add(Nr.mkdir, "mkdir", (t, a) -> mkdirat(t, AT_FDCWD, a.arg(0), a.intArg(1)));
        r.add(Nr.mkdirat, "mkdirat", (t, a) -> mkdirat(t, a.intArg(0), a.arg(1), a.intArg(2)));
        r.add(Nr.access, "access", (t, a) -> access(t, AT_FDCWD, a.arg(0), a.intArg(1)));
        r.add(Nr.faccessat, "faccessat", (t, a) -> access(t, a.intArg(0), a.arg(1), a.intArg(2)));
        r.add(Nr.getcwd, "getcwd", (t, a) -> {
            byte[] cwd = (t.cwd + "\0").getBytes(StandardCharsets.UTF_8);
            if (a.arg(1) < cwd.length) {
                throw new KernelError(Errno.ERANGE);
            }
            t.mm().copyToUser(a.arg(0), cwd);
            return cwd.length;
        });
        r.add(Nr.chdir, "chdir", (t, a) -> {
            String p = Uaccess.path(t, a.arg(0));
            Inode n = vfs(t).resolve(t, p, true);
            if (!n.isDir()) {
                throw new KernelError(Errno.ENOTDIR);
            }
            t.cwd = Vfs.normalize(Vfs.absolute(t, p));
            return 0;
        });
        r.add(Nr.ftruncate, "ftruncate", (t, a) -> ftruncate(t, a.intArg(0), a.intArg(1)));
        r.add(Nr.ftruncate64, "ftruncate64", (t, a) -> ftruncate(t, a.intArg(0), Uaccess.pair(a, 2)));
    }

    static long read(Task t, int fd, long buf, long count) {
        File f = t.files().get(fd);
        if (!f.canRead()) {
            throw new KernelError(Errno.EBADF);
        }
        return f.ops().read(t, f, buf, Math.min(count, MAX_RW_COUNT));
    }

    static long write(Task t, int fd, long buf, long count) {
        File f = t.files().get(fd);
        if (!f.canWrite()) {
            throw new KernelError(Errno.EBADF);
        }
        if (count == 0) {
            return 0;
        }
        return f.ops().write(t, f, buf, Math.min(count, MAX_RW_COUNT));
    }

    /** readv/writev: one iovec after another, stopping at a short transfer; blocking only before the first. */
    static long rwv(Task t, int fd, long iov, int cnt, boolean isWrite) {
        File f = t.files().get(fd);
        if (isWrite ? !f.canWrite() : !f.canRead()) {
            throw new KernelError(Errno.EBADF);
        }
        if (cnt < 0 || cnt > IOV_MAX) {
            throw new KernelError(Errno.EINVAL);
        }
        ByteBuffer v = Uaccess.read(t, iov, cnt * 8);
        // rw_copy_check_uvector: every iov_len is an ssize_t (EINVAL when negative), and the sum is
        // clamped to MAX_RW_COUNT, all before any transfer.
        long[] lens = new long[cnt];
        long budget = MAX_RW_COUNT;
        for (int i = 0; i < cnt; i++) {
            int len = v.getInt(i * 8 + 4);
            if (len < 0) {
                throw new KernelError(Errno.EINVAL);
            }
            lens[i] = Math.min(len, budget);
            budget -= lens[i];
        }
        long total = 0;
        for (int i = 0; i < cnt; i++) {
            long base = v.getInt(i * 8) & 0xffffffffL;
            long len = lens[i];
            if (len == 0) {
                continue;
            }
            long n;
            try {
                n = isWrite ? f.ops().write(t, f, base, len) : f.ops().read(t, f, base, len);
            } catch (WouldBlock | KernelError e) {
                if (total > 0) {
                    return total;
                }
                throw e;
            }
            total += n;
            if (n < len) {
                break;
            }
        }
        return total;
    }

    /**
     * pread64/pwrite64 at {@code off} without moving the file position. As in Linux: a negative
     * offset is EINVAL before the fd is looked at, and pwrite on an O_APPEND file still appends
     * (see BUGS in pwrite(2)).
     */
    static long prw(Task t, int fd, long buf, long count, long off, boolean isWrite) {
        if (off < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        File f = t.files().get(fd);
        if (!(f.inode instanceof RamInode) && !(f.inode instanceof SeqInode) && !(f.inode instanceof HostFileInode)) {
            throw new KernelError(Errno.ESPIPE);
        }
        long saved = f.pos;
        f.pos = off;
        try {
            return isWrite ? write(t, fd, buf, count) : read(t, fd, buf, count);
        } finally {
            f.pos = saved;
        }
    }

    /** The path for *at calls: relative paths start at dirfd's directory. */
    static String atPath(Task t, int dirfd, String path) {
        if (path.isEmpty()) {
            throw new KernelError(Errno.ENOENT); // getname: "" is ENOENT unless AT_EMPTY_PATH applies
        }
        if (path.startsWith("/") || dirfd == AT_FDCWD) {
            return path;
        }
        File d = t.files().get(dirfd);
        if (d.inode == null || !d.inode.isDir()) {
            throw new KernelError(Errno.ENOTDIR);
        }
        return d.path() + "/" + path;
    }

    static long openat(Task t, int dirfd, long upath, int flags, int mode) {
        String path = atPath(t, dirfd, Uaccess.path(t, upath));
        File f = vfs(t).open(t, path, flags, mode);
        try {
            return t.files().install(f, (flags & OpenFlags.O_CLOEXEC) != 0);
        } catch (KernelError e) {
            f.put();
            throw e;
        }
    }

    static Inode inodeAt(Task t, int dirfd, long upath, int flags) {
        String p = Uaccess.path(t, upath);
        if (p.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            if (dirfd == AT_FDCWD) {
                return vfs(t).resolve(t, t.cwd, true);
            }
            return t.files().get(dirfd).inode;
        }
        return vfs(t).resolve(t, atPath(t, dirfd, p), (flags & AT_SYMLINK_NOFOLLOW) == 0);
    }

    static long dupTo(Task t, File f, int newfd, boolean cloexec) {
        if (newfd < 0 || newfd >= t.files().limit()) {
            throw new KernelError(Errno.EBADF);
        }
        t.files().installAt(newfd, f.get(), cloexec);
        return newfd;
    }

    static long ioctl(Task t, int fd, int cmd, long arg) {
        File f = t.files().get(fd);
        switch (cmd) {
            case FIOCLEX -> {
                t.files().setCloseOnExec(fd, true);
                return 0;
            }
            case FIONCLEX -> {
                t.files().setCloseOnExec(fd, false);
                return 0;
            }
            case FIONBIO -> {
                int on = Uaccess.u32(t, arg);
                f.setFlags(on != 0 ? f.flags() | OpenFlags.O_NONBLOCK : f.flags() & ~OpenFlags.O_NONBLOCK);
                return 0;
            }
            case FileOperations.FIONREAD -> {
                // do_vfs_ioctl answers for regular files: i_size - f_pos; the rest ask the driver
                if (f.inode instanceof RamInode || f.inode instanceof HostFileInode) {
                    Uaccess.putU32(t, arg, (int) (f.inode.size() - f.pos));
                    return 0;
                }
                return f.ops().unlockedIoctl(t, f, cmd, arg);
            }
            default -> {
                return f.ops().unlockedIoctl(t, f, cmd, arg);
            }
        }
    }

    static long fcntl(Task t, int fd, int cmd, long arg) {
        File f = t.files().get(fd);
        switch (cmd) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> {
                int min = (int) arg;
                if (min < 0 || min >= t.files().limit()) {
                    throw new KernelError(Errno.EINVAL);
                }
                return t.files().install(f.get(), cmd == F_DUPFD_CLOEXEC, min);
            }
            case F_GETFD -> {
                return t.files().closeOnExec(fd) ? 1 : 0;
            }
            case F_SETFD -> {
                t.files().setCloseOnExec(fd, (arg & 1) != 0);
                return 0;
            }
            case F_GETFL -> {
                return f.flags();
            }
            case F_SETFL -> {
                int settable = OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT | 0x40000 | 0x2000;
                f.setFlags((f.flags() & ~settable) | ((int) arg & settable));
                return 0;
            }
            default -> throw new KernelError(Errno.EINVAL);
        }
    }

    static long pipe2(Task t, long ufds, int flags) {
        if ((flags & ~(OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (!t.mm().accessOk(ufds, 8, 2)) {
            throw new KernelError(Errno.EFAULT);
        }
        File[] ends = Pipe.create(t.kernel().objects(), flags);
        installPair(t, ends[0], ends[1], (flags & OpenFlags.O_CLOEXEC) != 0, ufds);
        return 0;
    }

    /**
     * Installs two new files (pipe ends, a socketpair) at the lowest free fds and stores the pair at
     * {@code ufds}, which the caller has checked is writable. On EMFILE nothing stays installed and
     * both files are released.
     */
    static void installPair(Task t, File a, File b, boolean cloexec, long ufds) {
        int fa;
        try {
            fa = t.files().install(a, cloexec);
        } catch (KernelError e) {
            a.put();
            b.put();
            throw e;
        }
        int fb;
        try {
            fb = t.files().install(b, cloexec);
        } catch (KernelError e) {
            t.files().close(fa);
            b.put();
            throw e;
        }
        Uaccess.write(t, ufds, Uaccess.le(8).putInt(0, fa).putInt(4, fb));
    }

    static int dtype(Inode n) {
        return switch (n.mode & Inode.S_IFMT) {
            case Inode.S_IFDIR -> 4;
            case Inode.S_IFCHR -> 2;
            case Inode.S_IFREG -> 8;
            case Inode.S_IFLNK -> 10;
            case Inode.S_IFSOCK -> 12;
            case Inode.S_IFIFO -> 1;
            default -> 0;
        };
    }

    /** linux_dirent64 records: d_ino u64, d_off s64, d_reclen u16, d_type u8, name, NUL, padded to 8. */
    static long getdents64(Task t, int fd, long ubuf, int count) {
        File f = t.files().get(fd);
        if (!(f.inode instanceof DirInode dir)) {
            throw new KernelError(Errno.ENOTDIR);
        }
        List<String> names = dir.names(t);
        ByteBuffer out = Uaccess.le(Math.max(0, Math.min(count, 1 << 20)));
        int idx = (int) f.pos;
        int total = names.size() + 2;
        while (idx < total) {
            String name;
            Inode n;
            if (idx < 2) {
                name = idx == 0 ? "." : "..";
                n = dir;
            } else {
                name = names.get(idx - 2);
                n = dir.child(t, name);
                if (n == null) {
                    idx++;
                    continue;
                }
            }
            byte[] nb = name.getBytes(StandardCharsets.UTF_8);
            int reclen = (19 + nb.length + 1 + 7) & ~7;
            if (out.position() + reclen > out.capacity()) {
                if (out.position() == 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                break;
            }
            int p = out.position();
            out.putLong(p, n.ino).putLong(p + 8, idx + 1).putShort(p + 16, (short) reclen).put(p + 18, (byte) dtype(n));
            out.position(p + 19);
            out.put(nb);
            out.position(p + reclen);
            idx++;
        }
        t.mm().copyToUser(ubuf, out.array(), 0, out.position());
        f.pos = idx;
        return out.position();
    }

    static long readlink(Task t, int dirfd, long upath, long ubuf, int size) {
        if (size <= 0) {
            throw new KernelError(Errno.EINVAL);
        }
        Inode n = vfs(t).resolve(t, atPath(t, dirfd, Uaccess.path(t, upath)), false);
        if (!(n instanceof SymlinkInode s)) {
            throw new KernelError(Errno.EINVAL);
        }
        byte[] b = s.target(t).getBytes(StandardCharsets.UTF_8);
        int len = Math.min(size, b.length);
        t.mm().copyToUser(ubuf, b, 0, len);
        return len;
    }

    static long unlinkat(Task t, int dirfd, long upath, int flags) {
        if ((flags & ~AT_REMOVEDIR) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        String p = atPath(t, dirfd, Uaccess.path(t, upath));
        Vfs.Parent par = vfs(t).resolveParent(t, p);
        Inode n = par.dir().child(t, par.name());
        if (n == null) {
            throw new KernelError(Errno.ENOENT);
        }
        if (!par.dir().writable) {
            throw new KernelError(Errno.EACCES);
        }
        if ((flags & AT_REMOVEDIR) != 0) {
            if (!n.isDir()) {
                throw new KernelError(Errno.ENOTDIR);
            }
            if (!((DirInode) n).isEmpty()) {
                throw new KernelError(Errno.ENOTEMPTY);
            }
        } else if (n.isDir()) {
            throw new KernelError(Errno.EISDIR);
        }
        par.dir().remove(par.name());
        return 0;
    }

    static long mkdirat(Task t, int dirfd, long upath, int mode) {
        String p = atPath(t, dirfd, Uaccess.path(t, upath));
        Vfs.Parent par = vfs(t).resolveParent(t, p);
        if (par.dir().child(t, par.name()) != null) {
            throw new KernelError(Errno.EEXIST);
        }
        if (!par.dir().writable) {
            throw new KernelError(Errno.EACCES);
        }
        par.dir().mkdir(par.name(), mode & 0777);
        return 0;
    }

    /** access: we run as root, so only existence and (for X_OK) some execute bit matter. */
    static long access(Task t, int dirfd, long upath, int mode) {
        if ((mode & ~7) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        Inode n = vfs(t).resolve(t, atPath(t, dirfd, Uaccess.path(t, upath)), true);
        if ((mode & 1) != 0 && !n.isDir() && (n.mode & 0111) == 0) {
            throw new KernelError(Errno.EACCES);
        }
        if ((mode & 2) != 0 && (n.mode & 0222) == 0) {
            throw new KernelError(Errno.EACCES);
        }
        return 0;
    }

    /** do_sys_ftruncate: a negative length is EINVAL before the fd lookup; anything but a writable regular file is EINVAL. */
    static long ftruncate(Task t, int fd, long len) {
        if (len < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        File f = t.files().get(fd);
        if (!(f.inode instanceof RamInode) && !(f.inode instanceof HostFileInode) || !f.canWrite()) {
            throw new KernelError(Errno.EINVAL);
        }
        if (f.inode instanceof RamInode r) {
            r.truncate(len);
        } else {
            ((HostFileInode) f.inode).truncate(len);
        }
        return 0;
    }
}
