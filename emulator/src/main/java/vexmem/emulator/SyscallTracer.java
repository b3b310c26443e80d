package vexmem.emulator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vexmem.kernel.Errno;
import vexmem.kernel.mm.AddressSpace;
import vexmem.kernel.uapi.IoctlDecoder;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.task.Task;

/**
 * {@code --trace}: one line per completed system call, strace style:
 * {@code 100 openat(AT_FDCWD, "/dev/ion", O_RDWR) = 3}, errors as {@code = -1 ENOENT (No such file or
 * directory)}. Arguments are decoded by a per-call signature; ioctls by {@link IoctlDecoder}, showing a
 * struct's fields before the call and the ones filled in after it ({@code {in} => {out}}). A call that
 * sleeps is traced when it completes.
 */
public final class SyscallTracer implements AutoCloseable {
    /** Argument kinds, one letter per argument; see {@link #format}. */
    private record Sig(String name, String args, boolean hexResult) {
    }

    /** A call between enter and exit. */
    private record Call(Task task, int nr, Sig sig, long[] raw, String[] before) {
    }

    private static final Map<Integer, Sig> SIGS = new HashMap<>();

    private static void sig(int nr, String name, String args) {
        SIGS.put(nr, new Sig(name, args, false));
    }

    static {
        sig(0, "restart_syscall", "");
        sig(1, "exit", "d");
        sig(2, "fork", "");
        sig(3, "read", "frU");
        sig(4, "write", "fwU");
        sig(5, "open", "som");
        sig(6, "close", "f");
        sig(10, "unlink", "s");
        sig(39, "mkdir", "sm");
        sig(40, "rmdir", "s");
        sig(11, "execve", "sxx");
        sig(19, "lseek", "fdd");
        sig(20, "getpid", "");
        sig(37, "kill", "dS");
        sig(41, "dup", "f");
        sig(42, "pipe", "x");
        sig(45, "brk", "x");
        SIGS.put(45, new Sig("brk", "x", true));
        sig(54, "ioctl", "fia");
        sig(63, "dup2", "ff");
        sig(64, "getppid", "");
        sig(78, "gettimeofday", "xx");
        sig(85, "readlink", "srU");
        sig(104, "setitimer", "dxx");
        sig(105, "getitimer", "dx");
        sig(332, "readlinkat", "FsrU");
        SIGS.put(91, new Sig("munmap", "xU", false));
        sig(114, "wait4", "dxdx");
        sig(119, "sigreturn", "");
        sig(120, "clone", "xxxxx");
        sig(122, "uname", "x");
        SIGS.put(125, new Sig("mprotect", "xUP", false));
        sig(140, "_llseek", "fUUxd");
        sig(145, "readv", "fxd");
        sig(146, "writev", "fxd");
        sig(158, "sched_yield", "");
        sig(162, "nanosleep", "xx");
        sig(173, "rt_sigreturn", "");
        sig(174, "rt_sigaction", "Sxxd");
        sig(175, "rt_sigprocmask", "dxxd");
        sig(186, "sigaltstack", "xx");
        sig(190, "vfork", "");
        sig(191, "ugetrlimit", "dx");
        SIGS.put(192, new Sig("mmap2", "xUPMfO", true));
        sig(195, "stat64", "sx");
        sig(197, "fstat64", "fx");
        sig(199, "getuid32", "");
        sig(200, "getgid32", "");
        sig(201, "geteuid32", "");
        sig(202, "getegid32", "");
        sig(220, "madvise", "xUd");
        sig(221, "fcntl64", "fdx");
        sig(224, "gettid", "");
        sig(238, "tkill", "dS");
        sig(240, "futex", "xdxxxx");
        sig(248, "exit_group", "d");
        sig(256, "set_tid_address", "x");
        sig(263, "clock_gettime", "dx");
        sig(265, "clock_nanosleep", "ddxx");
        sig(268, "tgkill", "ddS");
        sig(281, "socket", "ddd");
        sig(282, "bind", "fxd");
        sig(283, "connect", "fxd");
        sig(284, "listen", "fd");
        sig(285, "accept", "fxx");
        sig(288, "socketpair", "dddx");
        sig(289, "send", "fwUd");
        sig(290, "sendto", "fwUdxd");
        sig(291, "recv", "frUd");
        sig(292, "recvfrom", "frUdxx");
        sig(293, "shutdown", "fd");
        sig(294, "setsockopt", "fddxd");
        sig(295, "getsockopt", "fddxx");
        sig(296, "sendmsg", "fxd");
        sig(297, "recvmsg", "fxd");
        sig(322, "openat", "Fsom");
        sig(327, "fstatat64", "Fsxd");
        sig(338, "set_robust_list", "xU");
        sig(358, "dup3", "ffo");
        sig(359, "pipe2", "xo");
        sig(366, "accept4", "fxxo");
        sig(369, "prlimit64", "ddxx");
        sig(384, "getrandom", "xUd");
        sig(397, "statx", "Fsdxx");
        sig(398, "rseq", "xUdx");
        sig(403, "clock_gettime64", "dx");
        sig(407, "clock_nanosleep_time64", "ddxx");
        sig(422, "futex_time64", "xdxxxx");
        sig(0xf0002, "cacheflush", "xxd");
        sig(0xf0005, "set_tls", "x");
        sig(0xf0006, "get_tls", "");
    }

    private static final Map<Integer, String> STRERROR = Map.ofEntries(
            Map.entry(Errno.EPERM, "Operation not permitted"), Map.entry(Errno.ENOENT, "No such file or directory"),
            Map.entry(Errno.ESRCH, "No such process"), Map.entry(Errno.EINTR, "Interrupted system call"),
            Map.entry(Errno.EIO, "Input/output error"), Map.entry(Errno.ENXIO, "No such device or address"),
            Map.entry(Errno.EBADF, "Bad file descriptor"), Map.entry(Errno.ECHILD, "No child processes"),
            Map.entry(Errno.E2BIG, "Argument list too long"), Map.entry(Errno.ENOEXEC, "Exec format error"),
            Map.entry(Errno.EAGAIN, "Resource temporarily unavailable"), Map.entry(Errno.ENOMEM, "Cannot allocate memory"),
            Map.entry(Errno.EACCES, "Permission denied"), Map.entry(Errno.EFAULT, "Bad address"),
            Map.entry(Errno.EBUSY, "Device or resource busy"), Map.entry(Errno.EEXIST, "File exists"),
            Map.entry(Errno.ENODEV, "No such device"), Map.entry(Errno.ENOTDIR, "Not a directory"),
            Map.entry(Errno.EISDIR, "Is a directory"), Map.entry(Errno.EINVAL, "Invalid argument"),
            Map.entry(Errno.EMFILE, "Too many open files"), Map.entry(Errno.ENOTTY, "Inappropriate ioctl for device"),
            Map.entry(Errno.ENOSPC, "No space left on device"), Map.entry(Errno.ESPIPE, "Illegal seek"),
            Map.entry(Errno.EPIPE, "Broken pipe"), Map.entry(Errno.ERANGE, "Numerical result out of range"),
            Map.entry(Errno.ENAMETOOLONG, "File name too long"), Map.entry(Errno.ENOSYS, "Function not implemented"),
            Map.entry(Errno.ENOTSOCK, "Socket operation on non-socket"), Map.entry(Errno.EOPNOTSUPP, "Operation not supported"),
            Map.entry(Errno.EADDRINUSE, "Address already in use"), Map.entry(Errno.ECONNREFUSED, "Connection refused"),
            Map.entry(Errno.ENOTCONN, "Transport endpoint is not connected"), Map.entry(Errno.ETIMEDOUT, "Connection timed out"));

    private final PrintStream out;
    private final IoctlDecoder ioctls;

    public SyscallTracer(PrintStream out) {
        this(out, IoctlDecoder.withDefaults());
    }

    public SyscallTracer(PrintStream out, IoctlDecoder ioctls) {
        this.out = out;
        this.ioctls = ioctls;
    }

    /**
     * For {@code --trace[=FILE]}: no value or "-" traces to stderr, anything else to that file
     * (buffered; {@link #close} flushes it).
     */
    public static SyscallTracer open(String option) throws java.io.IOException {
        if (option == null || option.isEmpty() || option.equals("-")) {
            return new SyscallTracer(System.err);
        }
        return new SyscallTracer(new PrintStream(new java.io.BufferedOutputStream(
                new java.io.FileOutputStream(option), 1 << 16), false, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        out.flush();
        if (out != System.err && out != System.out) {
            out.close();
        }
    }

    public IoctlDecoder ioctls() {
        return ioctls;
    }

    /** Called before the kernel runs the call: snapshots arguments and decodes what goes in. */
    public Object enter(Task task, int nr, SyscallArgs args) {
        Sig sig = SIGS.get(nr);
        if (sig == null) {
            sig = new Sig(task.kernel().syscalls().name(nr), "xxx", false);
        }
        int n = sig.args.length();
        long[] raw = new long[n];
        for (int i = 0; i < n; i++) {
            raw[i] = args.arg(i);
        }
        String[] before = new String[n];
        for (int i = 0; i < n; i++) {
            before[i] = formatIn(task.mm(), sig.args, i, raw);
        }
        return new Call(task, nr, sig, raw, before);
    }

    /** A line of its own for a task: a signal delivered to a handler ({@code --- SIGALRM {...} ---}) and the like. */
    public void line(Task task, String text) {
        synchronized (out) {
            out.println(task.pid() + " " + text);
        }
    }

    /** The call's name as traces show it. */
    public String name(Task task, int nr) {
        Sig sig = SIGS.get(nr);
        return sig != null ? sig.name : task.kernel().syscalls().name(nr);
    }

    /** Called with the result (raw -errno on failure); prints the line. */
    public void exit(Object state, long result) {
        Call c = (Call) state;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < c.raw.length; i++) {
            parts.add(formatOut(c.task.mm(), c.sig.args.charAt(i), i, c.raw, c.before[i], result));
        }
        String res;
        int r = (int) result;
        if (c.task.state() == Task.State.ZOMBIE) {
            res = "?";
        } else if (r < 0 && r >= -4095) {
            res = "-1 " + Errno.name(-r) + " (" + STRERROR.getOrDefault(-r, "Unknown error " + -r) + ")";
        } else if (c.sig.hexResult) {
            res = String.format("0x%x", result & 0xffffffffL);
        } else {
            res = Long.toString(r);
        }
        if (c.nr == NR_CLONE) {
            parts = cloneArgs(c.raw);
        } else if (c.nr == NR_FUTEX || c.nr == NR_FUTEX_TIME64) {
            parts = futexArgs(parts, c.raw);
        }
        synchronized (out) {
            out.println(c.task.pid() + " " + c.sig.name + "(" + String.join(", ", parts) + ") = " + res);
        }
    }

    private static final int NR_CLONE = 120, NR_FUTEX = 240, NR_FUTEX_TIME64 = 422;
    private static final String[] CLONE_FLAGS = {null, null, null, null, null, null, null, null, "CLONE_VM", "CLONE_FS",
        "CLONE_FILES", "CLONE_SIGHAND", "CLONE_PIDFD", "CLONE_PTRACE", "CLONE_VFORK", "CLONE_PARENT", "CLONE_THREAD",
        "CLONE_NEWNS", "CLONE_SYSVSEM", "CLONE_SETTLS", "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID",
        "CLONE_DETACHED", "CLONE_UNTRACED", "CLONE_CHILD_SETTID", "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC",
        "CLONE_NEWUSER", "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_IO"};
    private static final String[] FUTEX_OPS = {"FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE",
        "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI",
        "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI"};
    /** How many arguments strace shows for each futex operation (uaddr, op, val, then per operation). */
    private static final int[] FUTEX_NARGS = {4, 3, 3, 5, 6, 6, 4, 2, 2, 5, 4, 5, 6};

    /** clone's CLONE_BACKWARDS arguments (flags, newsp, parent_tid, tls, child_tid), named as strace does. */
    static List<String> cloneArgs(long[] raw) {
        long flags = raw[0] & 0xffffffffL;
        List<String> f = new ArrayList<>();
        for (int b = 8; b < 32; b++) {
            if ((flags & (1L << b)) != 0) {
                f.add(CLONE_FLAGS[b]);
            }
        }
        if ((flags & 0xff) != 0) {
            f.add(Signals.name((int) (flags & 0xff)));
        }
        return List.of("child_stack=" + (raw[1] == 0 ? "NULL" : String.format("0x%x", raw[1])),
                "flags=" + (f.isEmpty() ? "0" : String.join("|", f)),
                "parent_tid=" + String.format("0x%x", raw[2]), "tls=" + String.format("0x%x", raw[3]),
                "child_tidptr=" + String.format("0x%x", raw[4]));
    }

    /** futex: the operation by name (with _PRIVATE and |FUTEX_CLOCK_REALTIME) and only its arguments. */
    static List<String> futexArgs(List<String> parts, long[] raw) {
        int op = (int) raw[1];
        int cmd = op & ~(128 | 256);
        if (cmd < 0 || cmd >= FUTEX_OPS.length) {
            return parts;
        }
        String name = FUTEX_OPS[cmd] + ((op & 128) != 0 ? "_PRIVATE" : "") + ((op & 256) != 0 ? "|FUTEX_CLOCK_REALTIME" : "");
        List<String> out = new ArrayList<>(parts.subList(0, FUTEX_NARGS[cmd]));
        out.set(1, name);
        out.set(2, Integer.toString((int) raw[2]));
        if (cmd == 3 || cmd == 4 || cmd == 5) { // val2 travels in the timeout slot
            out.set(3, Integer.toString((int) raw[3]));
        }
        if (cmd == 4) {
            out.set(5, Integer.toString((int) raw[5]));
        }
        if (cmd == 9 || cmd == 10) {
            out.set(out.size() - 1, (int) raw[5] == -1 ? "FUTEX_BITSET_MATCH_ANY" : String.format("%#x", raw[5]));
        }
        return out;
    }

    private String formatIn(AddressSpace mm, String kinds, int i, long[] raw) {
        long v = raw[i];
        return switch (kinds.charAt(i)) {
            case 'd' -> Integer.toString((int) v);
            case 'U' -> Long.toString(v);
            case 'f' -> Integer.toString((int) v);
            case 'F' -> (int) v == -100 ? "AT_FDCWD" : Integer.toString((int) v);
            case 'x' -> v == 0 ? "NULL" : String.format("0x%x", v);
            // mmap2 takes the offset in 4096-byte units; strace shows it in bytes.
            case 'O' -> v == 0 ? "0" : String.format("%#x", v << 12);
            case 's' -> string(mm, v);
            case 'w' -> buffer(mm, v, i + 1 < raw.length ? raw[i + 1] : 0);
            case 'o' -> openFlags((int) v);
            case 'm' -> String.format("0%o", v);
            case 'P' -> prot((int) v);
            case 'M' -> mapFlags((int) v);
            case 'S' -> Signals.name((int) v);
            case 'i' -> ioctls.name((int) v);
            case 'a' -> {
                String s = ioctls.decode(mm, (int) raw[i - 1], v, false);
                yield s != null ? s : String.format("0x%x", v);
            }
            default -> String.format("0x%x", v);
        };
    }

    private String formatOut(AddressSpace mm, char kind, int i, long[] raw, String before, long result) {
        if (kind == 'r') {
            int r = (int) result;
            return r >= 0 ? buffer(mm, raw[i], r) : String.format("0x%x", raw[i]);
        }
        if (kind == 'a' && (int) result >= 0) {
            String after = ioctls.decode(mm, (int) raw[i - 1], raw[i], true);
            if (after != null) {
                IoctlDecoder.Command cmd = ioctls.lookup((int) raw[i - 1]);
                boolean anyIn = cmd.fields().stream().anyMatch(f -> f.dir() != IoctlDecoder.Dir.OUT);
                return anyIn ? before + " => " + after : after;
            }
        }
        return before;
    }

    private static String string(AddressSpace mm, long addr) {
        if (addr == 0) {
            return "NULL";
        }
        try {
            return quote(mm.strncpyFromUser(addr, 4096).getBytes(java.nio.charset.StandardCharsets.UTF_8), 4096);
        } catch (RuntimeException e) {
            return String.format("0x%x", addr);
        }
    }

    private static String buffer(AddressSpace mm, long addr, long len) {
        int n = (int) Math.min(Math.max(len, 0), 32);
        try {
            return quote(mm.copyFromUser(addr, n), n) + (len > 32 ? "..." : "");
        } catch (RuntimeException e) {
            return String.format("0x%x", addr);
        }
    }

    private static String quote(byte[] b, int n) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < Math.min(n, b.length); i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        s.append((char) c);
                    } else {
                        s.append(String.format("\\%o", c));
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    static String openFlags(int f) {
        List<String> p = new ArrayList<>();
        p.add(switch (f & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "O_ACCMODE";
        });
        String[] names = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_DSYNC",
            "O_DIRECTORY", "O_NOFOLLOW", "O_DIRECT", "O_LARGEFILE", "O_CLOEXEC", "O_PATH"};
        int[] bits = {0x40, 0x80, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x4000, 0x8000, 0x10000, 0x20000, 0x80000, 0x200000};
        int rest = f & ~3;
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) {
                p.add(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            p.add(String.format("0x%x", rest));
        }
        return String.join("|", p);
    }

    static String prot(int v) {
        if (v == 0) {
            return "PROT_NONE";
        }
        List<String> p = new ArrayList<>();
        if ((v & 1) != 0) {
            p.add("PROT_READ");
        }
        if ((v & 2) != 0) {
            p.add("PROT_WRITE");
        }
        if ((v & 4) != 0) {
            p.add("PROT_EXEC");
        }
        if ((v & ~7) != 0) {
            p.add(String.format("0x%x", v & ~7));
        }
        return String.join("|", p);
    }

    static String mapFlags(int v) {
        List<String> p = new ArrayList<>();
        p.add(switch (v & 0xf) {
            case 1 -> "MAP_SHARED";
            case 2 -> "MAP_PRIVATE";
            case 3 -> "MAP_SHARED_VALIDATE";
            default -> String.format("0x%x", v & 0xf);
        });
        String[] names = {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_GROWSDOWN", "MAP_DENYWRITE", "MAP_EXECUTABLE",
            "MAP_LOCKED", "MAP_NORESERVE", "MAP_POPULATE", "MAP_NONBLOCK", "MAP_STACK", "MAP_HUGETLB",
            "MAP_FIXED_NOREPLACE"};
        int[] bits = {0x10, 0x20, 0x100, 0x800, 0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x100000};
        int rest = v & ~0xf;
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) {
                p.add(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            p.add(String.format("0x%x", rest));
        }
        return String.join("|", p);
    }
}
