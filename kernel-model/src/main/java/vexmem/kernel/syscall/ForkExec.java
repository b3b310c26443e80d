package vexmem.kernel.syscall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.HostFileInode;
import vexmem.kernel.fs.Inode;
import vexmem.kernel.fs.RamInode;
import vexmem.kernel.fs.Vfs;
import vexmem.kernel.task.ProcessHooks;
import vexmem.kernel.task.SigState;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WouldBlock;

/**
 * fork (2), vfork (190), clone (120) for new processes, and execve (11). The kernel copies the task
 * ({@link vexmem.kernel.task.TaskTable#fork}) and loads nothing itself: the CPU back end registered as
 * {@link ProcessHooks} copies registers and loads ELF images. Without one (Java guests) these are ENOSYS.
 * <p>
 * clone shares what its flags say: CLONE_VM the address space, CLONE_FILES the descriptor table,
 * CLONE_SIGHAND the handlers, CLONE_THREAD makes a thread (pthread_create's 0x3d0f00). CLONE_VFORK
 * keeps the parent asleep until the child execs or exits. Not modelled (EINVAL, logged): namespaces,
 * CLONE_PARENT, CLONE_PTRACE/UNTRACED; CLONE_FS is accepted but the working directory is copied, not
 * shared.
 */
final class ForkExec {
    static final int CSIGNAL = 0xff, CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400,
            CLONE_SIGHAND = 0x800, CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000,
            CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000, CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000,
            CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000,
            CLONE_DETACHED = 0x400000, CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x1000000;
    static final int SIGCHLD = 17;
    /** MAX_ARG_STRLEN: 32 pages per string. */
    static final int MAX_ARG_STRLEN = 32 * 4096;
    /** Total argv + envp (strings and pointers): a quarter of the 8 MiB stack limit, as Linux. */
    static final long MAX_ARG_TOTAL = ProcSyscalls.STACK_LIMIT / 4;
    static final int MAX_ARG_STRINGS = 0x7fffffff;

    private ForkExec() {
    }

    static void register(Reg r) {
        r.add(Nr.fork, "fork", (t, a) -> clone(t, SIGCHLD, 0, 0, 0, 0));
        r.add(Nr.vfork, "vfork", (t, a) -> clone(t, CLONE_VFORK | CLONE_VM | SIGCHLD, 0, 0, 0, 0));
        // CLONE_BACKWARDS: flags, newsp, parent_tidptr, tls, child_tidptr
        r.add(Nr.clone, "clone", (t, a) -> clone(t, a.arg(0), a.arg(1), a.arg(2), a.arg(3), a.arg(4)));
        r.add(Nr.execve, "execve", (t, a) -> execve(t, a.arg(0), a.arg(1), a.arg(2)));
        r.add(Nr.rt_sigreturn, "rt_sigreturn", (t, a) -> hooks(t).sigreturn(t, true));
        r.add(Nr.sigreturn, "sigreturn", (t, a) -> hooks(t).sigreturn(t, false));
        // pause: sleeps until a signal is delivered (the CPU back end then returns EINTR)
        r.add(Nr.pause, "pause", (t, a) -> {
            throw WouldBlock.on(t.signalWait);
        });
        r.add(Nr.rt_sigsuspend, "rt_sigsuspend", (t, a) -> {
            if (a.arg(1) != 8) {
                throw new KernelError(Errno.EINVAL);
            }
            if (!t.inSigsuspend) {
                t.inSigsuspend = true;
                long set = Uaccess.u64(t, a.arg(0)) & ~(SigState.bit(SigState.SIGKILL) | SigState.bit(SigState.SIGSTOP));
                t.sigsuspendOld = t.sigmask;
                t.sigmask = set;
            }
            if (SigState.deliverable(t) != 0) {
                throw new KernelError(Errno.EINTR); // delivered at once on return, with the old mask saved
            }
            throw WouldBlock.on(t.signalWait);
        });
    }

    private static ProcessHooks hooks(Task t) {
        return t.kernel().findService(ProcessHooks.class).orElseThrow(() -> new KernelError(Errno.ENOSYS));
    }

    static long clone(Task t, long flags, long newsp, long ptid, long tls, long ctid) {
        ProcessHooks h = hooks(t);
        // copy_process's consistency rules, in its order
        if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        // 0x1000 (CLONE_PIDFD from 5.2) is an unused bit that 4.9 ignores; CLONE_IO is accepted (no I/O context)
        if ((flags & (CLONE_NEWNS | CLONE_PARENT | CLONE_PTRACE | CLONE_UNTRACED)) != 0
                || (flags & 0x7e000000L) != 0) { // CLONE_NEWCGROUP … CLONE_NEWNET
            t.kernel().log().warn("%s[%d]: clone flags 0x%x not supported", t.comm(), t.pid(), flags);
            throw new KernelError(Errno.EINVAL);
        }
        boolean thread = (flags & CLONE_THREAD) != 0;
        Task c = t.kernel().tasks().clone(t, (flags & CLONE_VM) != 0, (flags & CLONE_FILES) != 0,
                (flags & CLONE_SIGHAND) != 0, thread);
        try {
            h.forked(t, c, newsp, (flags & CLONE_SETTLS) != 0, tls);
        } catch (RuntimeException e) {
            c.exitThread(137);
            t.kernel().tasks().reap(c);
            throw e instanceof KernelError ? e : new KernelError(Errno.ENOMEM);
        }
        if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM) {
            SigState.resetAltStack(c); // a thread (or a process sharing memory) must not share the parent's
        }
        if ((flags & CLONE_PARENT_SETTID) != 0) {
            try {
                t.mm().putUserInt(ptid, c.pid());
            } catch (KernelError ignored) {
                // put_user failure is not reported by copy_process
            }
        }
        if ((flags & CLONE_CHILD_SETTID) != 0) {
            try {
                c.mm().putUserInt(ctid, c.pid());
            } catch (KernelError ignored) {
                // as above
            }
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) {
            c.clearChildTid = ctid;
        }
        if ((flags & CLONE_VFORK) != 0) {
            c.inVfork = true;
            t.vforkChild = c; // the back end keeps the parent asleep until the child execs or exits
        }
        return c.pid();
    }

    static long execve(Task t, long upath, long uargv, long uenvp) {
        ProcessHooks h = hooks(t);
        String path = Uaccess.path(t, upath);
        Vfs vfs = t.kernel().service(Vfs.class);
        Inode ino = vfs.resolve(t, path, true);
        if (ino.isDir() || (ino.mode & Inode.S_IFMT) != Inode.S_IFREG || (ino.mode & 0111) == 0) {
            throw new KernelError(Errno.EACCES);
        }
        long[] total = {0};
        List<String> argv = strings(t, uargv, total);
        List<String> envp = strings(t, uenvp, total);
        byte[] image = contents(ino);
        String exe = path;
        // binfmt_script: "#!interpreter [arg]" runs the interpreter with the script's path inserted
        for (int depth = 0; isScript(image); depth++) {
            if (depth >= MAX_SCRIPT_DEPTH) {
                throw new KernelError(Errno.ELOOP);
            }
            String[] interp = shebang(image);
            List<String> av = new ArrayList<>();
            av.add(interp[0]);
            if (interp[1] != null) {
                av.add(interp[1]);
            }
            av.add(path);
            av.addAll(argv.isEmpty() ? argv : argv.subList(1, argv.size()));
            argv = av;
            exe = interp[0];
            Inode in = vfs.resolve(t, exe, true);
            if (in.isDir() || (in.mode & Inode.S_IFMT) != Inode.S_IFREG || (in.mode & 0111) == 0) {
                throw new KernelError(Errno.EACCES);
            }
            image = contents(in);
        }
        h.checkExecutable(exe, image);
        // ---- point of no return
        t.kernel().log().info("%s[%d]: execve %s", t.comm(), t.pid(), path);
        if (t.clearChildTid != 0) {
            try {
                t.mm().putUserInt(t.clearChildTid, 0);
            } catch (KernelError ignored) {
                // mm_release ignores EFAULT
            }
            t.clearChildTid = 0;
        }
        t.killOtherThreads(); // de_thread
        t.unshareFiles();
        t.sigactions = new java.util.HashMap<>(t.sigactions); // unshare_sighand
        SigState.resetAltStack(t);
        t.files().closeOnExecAll();
        t.execMm(); // a CLONE_VM child leaves the shared address space to its parent
        // flush_signal_handlers: handled signals go back to SIG_DFL, SIG_IGN stays
        t.sigactions.entrySet().removeIf(e -> {
            byte[] act = e.getValue();
            long handler = act.length < 4 ? 0 : (act[0] & 0xffL) | (act[1] & 0xffL) << 8 | (act[2] & 0xffL) << 16
                    | (act[3] & 0xffL) << 24;
            return handler != 1;
        });
        String abs = Vfs.normalize(Vfs.absolute(t, path));
        t.setComm(abs.substring(abs.lastIndexOf('/') + 1)); // the script's name, not the interpreter's
        t.exePath = Vfs.normalize(Vfs.absolute(t, exe));
        h.exec(t, path, image, argv, envp);
        t.vforkDoneNow();
        return 0;
    }

    /** BINPRM_BUF_SIZE: only this much of a script's first line is looked at. */
    static final int BINPRM_BUF_SIZE = 128;
    /** Interpreters of interpreters: search_binary_handler gives up past this depth (ELOOP). */
    static final int MAX_SCRIPT_DEPTH = 5;

    private static boolean isScript(byte[] image) {
        return image.length >= 2 && image[0] == '#' && image[1] == '!';
    }

    /**
     * load_script's parse of "#!": the first line (cut at BINPRM_BUF_SIZE - 1 bytes), trailing blanks
     * dropped; the interpreter is the first word and everything after the following blanks is one
     * optional argument. An empty line is ENOEXEC.
     */
    static String[] shebang(byte[] image) {
        int n = Math.min(image.length, BINPRM_BUF_SIZE - 1);
        int end = 2;
        while (end < n && image[end] != '\n') {
            end++;
        }
        String line = new String(image, 2, end - 2, StandardCharsets.UTF_8);
        line = line.replaceAll("[ \t]+$", "").replaceAll("^[ \t]+", "");
        if (line.isEmpty()) {
            throw new KernelError(Errno.ENOEXEC);
        }
        int sp = 0;
        while (sp < line.length() && line.charAt(sp) != ' ' && line.charAt(sp) != '\t') {
            sp++;
        }
        String arg = line.substring(sp).replaceAll("^[ \t]+", "");
        return new String[] {line.substring(0, sp), arg.isEmpty() ? null : arg};
    }

    /** The NULL-terminated string array at {@code uarr} (NULL = empty), with Linux's E2BIG limits. */
    private static List<String> strings(Task t, long uarr, long[] total) {
        List<String> out = new ArrayList<>();
        if (uarr == 0) {
            return out;
        }
        for (int i = 0; ; i++) {
            long p = t.mm().getUserInt(uarr + 4L * i) & 0xffffffffL;
            if (p == 0) {
                return out;
            }
            if (i >= MAX_ARG_STRINGS) {
                throw new KernelError(Errno.E2BIG);
            }
            String s;
            try {
                s = t.mm().strncpyFromUser(p, MAX_ARG_STRLEN);
            } catch (KernelError e) {
                throw new KernelError(e.errno() == Errno.ENAMETOOLONG ? Errno.E2BIG : e.errno());
            }
            total[0] += s.getBytes(StandardCharsets.UTF_8).length + 1 + 4;
            if (total[0] > MAX_ARG_TOTAL) {
                throw new KernelError(Errno.E2BIG);
            }
            out.add(s);
        }
    }

    /** The file's bytes, read through the VFS inode (host files from --mount, in-memory files). */
    private static byte[] contents(Inode ino) {
        if (ino instanceof HostFileInode hf) {
            try {
                if (!Files.isReadable(hf.hostPath())) {
                    throw new KernelError(Errno.EACCES);
                }
                long size = Files.size(hf.hostPath());
                if (size > (256L << 20)) {
                    throw new KernelError(Errno.ENOMEM);
                }
                return Files.readAllBytes(hf.hostPath());
            } catch (IOException e) {
                throw new KernelError(Errno.EIO);
            }
        }
        if (ino instanceof RamInode ri) {
            return ri.contents();
        }
        throw new KernelError(Errno.EACCES); // device files and the like cannot be executed
    }
}
