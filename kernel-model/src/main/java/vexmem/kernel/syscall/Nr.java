package vexmem.kernel.syscall;

/**
 * ARM EABI system-call numbers (arch/arm/tools/syscall.tbl), checked against
 * /usr/arm-linux-gnueabihf/include/asm/unistd-eabi.h.
 */
public final class Nr {
    public static final int restart_syscall = 0, exit = 1, fork = 2, read = 3, write = 4, open = 5, close = 6,
            unlink = 10, execve = 11, chdir = 12, lseek = 19, pause = 29, getpid = 20, access = 33, kill = 37, mkdir = 39, rmdir = 40,
            dup = 41, pipe = 42, times = 43, brk = 45, ioctl = 54, dup2 = 63, getppid = 64, gettimeofday = 78,
            readlink = 85, setitimer = 104, getitimer = 105, munmap = 91, ftruncate = 93, wait4 = 114, sysinfo = 116, sigreturn = 119, clone = 120,
            uname = 122, mprotect = 125, _llseek = 140, _newselect = 142, readv = 145, writev = 146,
            sched_yield = 158, nanosleep = 162, mremap = 163, poll = 168, rt_sigreturn = 173,
            rt_sigaction = 174, rt_sigprocmask = 175, rt_sigsuspend = 179, pread64 = 180, pwrite64 = 181, getcwd = 183, sigaltstack = 186, vfork = 190,
            ugetrlimit = 191, mmap2 = 192, ftruncate64 = 194, stat64 = 195, lstat64 = 196, fstat64 = 197,
            getuid32 = 199, getgid32 = 200, geteuid32 = 201, getegid32 = 202, getdents64 = 217, madvise = 220,
            fcntl64 = 221, gettid = 224, tkill = 238, futex = 240, exit_group = 248, set_tid_address = 256,
            clock_gettime = 263, clock_getres = 264, clock_nanosleep = 265, tgkill = 268, socket = 281,
            bind = 282, connect = 283, listen = 284, accept = 285, getsockname = 286, getpeername = 287,
            socketpair = 288, sendto = 290, recvfrom = 292, shutdown = 293, setsockopt = 294,
            getsockopt = 295, sendmsg = 296, recvmsg = 297, openat = 322, mkdirat = 323, fstatat64 = 327,
            unlinkat = 328, readlinkat = 332, faccessat = 334, pselect6 = 335, ppoll = 336,
            set_robust_list = 338, dup3 = 358, pipe2 = 359, accept4 = 366, prlimit64 = 369, getrandom = 384,
            statx = 397, rseq = 398, clock_gettime64 = 403, clock_getres_time64 = 406,
            clock_nanosleep_time64 = 407, pselect6_time64 = 413, ppoll_time64 = 414, futex_time64 = 422;

    private Nr() {
    }
}
