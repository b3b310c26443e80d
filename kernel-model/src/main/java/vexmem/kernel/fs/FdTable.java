package vexmem.kernel.fs;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/**
 * files_struct: a process's descriptor table. New descriptors take the lowest free number (as
 * __alloc_fd does), each with its own close-on-exec bit.
 */
public final class FdTable {
    /** RLIMIT_NOFILE soft limit a process starts with. */
    public static final int NR_OPEN_DEFAULT = 1024;

    private final List<File> files = new ArrayList<>();
    private final List<Boolean> cloexec = new ArrayList<>();
    private int limit = NR_OPEN_DEFAULT;

    public int limit() {
        return limit;
    }

    public void setLimit(int limit) {
        this.limit = limit;
    }

    /** fd_install at the lowest free slot ≥ minFd; takes over the caller's reference. EMFILE when full. */
    public synchronized int install(File f, boolean closeOnExec, int minFd) {
        int fd = minFd;
        while (fd < files.size() && files.get(fd) != null) {
            fd++;
        }
        if (fd >= limit) {
            throw new KernelError(Errno.EMFILE);
        }
        while (files.size() <= fd) {
            files.add(null);
            cloexec.add(false);
        }
        files.set(fd, f);
        cloexec.set(fd, closeOnExec);
        return fd;
    }

    public int install(File f, boolean closeOnExec) {
        return install(f, closeOnExec, 0);
    }

    /** Puts a file at a given number (dup2), closing what was there. */
    public void installAt(int fd, File f, boolean closeOnExec) {
        if (fd < 0 || fd >= limit) {
            throw new KernelError(Errno.EBADF);
        }
        File old;
        synchronized (this) {
            while (files.size() <= fd) {
                files.add(null);
                cloexec.add(false);
            }
            old = files.get(fd);
            files.set(fd, f);
            cloexec.set(fd, closeOnExec);
        }
        if (old != null) {
            old.put();
        }
    }

    /** fget without taking a reference: the file at fd, or EBADF. */
    public synchronized File get(int fd) {
        if (fd < 0 || fd >= files.size() || files.get(fd) == null) {
            throw new KernelError(Errno.EBADF);
        }
        return files.get(fd);
    }

    /** fget: the file at fd with one more reference, which the caller must put. */
    public File fget(int fd) {
        return get(fd).get();
    }

    public synchronized boolean isOpen(int fd) {
        return fd >= 0 && fd < files.size() && files.get(fd) != null;
    }

    public synchronized boolean closeOnExec(int fd) {
        get(fd);
        return cloexec.get(fd);
    }

    public synchronized void setCloseOnExec(int fd, boolean on) {
        get(fd);
        cloexec.set(fd, on);
    }

    /** close(fd): removes the slot and drops its reference. */
    public void close(int fd) {
        File f;
        synchronized (this) {
            f = get(fd);
            files.set(fd, null);
        }
        f.put();
    }

    /** Open descriptors in ascending order. */
    public synchronized List<Integer> openFds() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i) != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** dup_fd for fork: same files (one more reference each), same close-on-exec bits and limit. */
    public synchronized FdTable dup() {
        FdTable n = new FdTable();
        n.limit = limit;
        for (int i = 0; i < files.size(); i++) {
            File f = files.get(i);
            n.files.add(f == null ? null : f.get());
            n.cloexec.add(cloexec.get(i));
        }
        return n;
    }

    /** files_struct.count: tasks sharing this table (CLONE_FILES). */
    private int users = 1;

    /** One more task shares this table (CLONE_FILES). */
    public synchronized void getUser() {
        users++;
    }

    /** A sharing task is done with the table; true when it was the last (the caller closes everything). */
    public synchronized boolean putUser() {
        return --users == 0;
    }

    public synchronized int users() {
        return users;
    }

    /** do_close_on_exec: closes every descriptor marked close-on-exec. */
    public void closeOnExecAll() {
        List<Integer> fds = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i) != null && cloexec.get(i)) {
                    fds.add(i);
                }
            }
        }
        for (int fd : fds) {
            close(fd);
        }
    }

    /** Closes every descriptor (exit_files). */
    public void closeAll() {
        for (int fd : openFds()) {
            close(fd);
        }
    }
}
