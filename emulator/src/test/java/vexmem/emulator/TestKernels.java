package vexmem.emulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vexmem.board.Board;
import vexmem.board.DramBank;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.syscall.SyscallTable;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WouldBlock;

/**
 * A booted kernel for emulator tests: a V2P-CA9-like board with 512 MiB of DRAM, a simple page
 * allocator when mm has none yet, and a minimal set of system calls (until the VFS/syscall work lands).
 */
final class TestKernels {
    static final long DRAM_BASE = 0x60000000L, DRAM_SIZE = 512L << 20;

    private TestKernels() {
    }

    static Path guest(String name) {
        return Path.of("src/test/resources/guest", name).toAbsolutePath();
    }

    static Kernel boot() {
        Board board = new Board("V2P-CA9", null, List.of(new DramBank(DRAM_BASE, DRAM_SIZE, "/memory@60000000")),
                List.of(), List.of(), List.of());
        Kernel k = Kernel.boot(board);
        if (k.pageAllocator() == null) {
            k.setPageAllocator(new SimplePageAllocator(DRAM_BASE >>> 12, DRAM_SIZE >>> 12));
        }
        registerMinimalSyscalls(k);
        return k;
    }

    static void registerMinimalSyscalls(Kernel k) {
        SyscallTable t = k.syscalls();
        if (t.has(4)) {
            return; // the real system calls are there
        }
        t.register(1, "exit", (cur, a) -> {
            cur.exit(a.intArg(0) & 0xff);
            return 0;
        });
        t.register(248, "exit_group", (cur, a) -> {
            cur.exit(a.intArg(0) & 0xff);
            return 0;
        });
        t.register(3, "read", (cur, a) -> {
            File f = cur.files().get(a.intArg(0));
            return f.ops().read(cur, f, a.arg(1), a.arg(2));
        });
        t.register(4, "write", (cur, a) -> {
            File f = cur.files().get(a.intArg(0));
            return f.ops().write(cur, f, a.arg(1), a.arg(2));
        });
        t.register(146, "writev", (cur, a) -> {
            File f = cur.files().get(a.intArg(0));
            long total = 0;
            for (int i = 0; i < a.intArg(2); i++) {
                long base = cur.mm().getUserInt(a.arg(1) + 8L * i) & 0xffffffffL;
                long len = cur.mm().getUserInt(a.arg(1) + 8L * i + 4) & 0xffffffffL;
                if (len > 0) {
                    total += f.ops().write(cur, f, base, len);
                }
            }
            return total;
        });
        t.register(45, "brk", (cur, a) -> cur.mm().brk(a.arg(0)));
        t.register(192, "mmap2", (cur, a) -> {
            if ((a.intArg(3) & Prot.MAP_ANONYMOUS) == 0) {
                throw new KernelError(Errno.ENODEV);
            }
            return cur.mm().mmap(cur, a.arg(0), a.arg(1), a.intArg(2), a.intArg(3), null, 0, null);
        });
        t.register(91, "munmap", (cur, a) -> {
            cur.mm().munmap(a.arg(0), a.arg(1));
            return 0;
        });
        t.register(125, "mprotect", (cur, a) -> {
            cur.mm().mprotect(a.arg(0), a.arg(1), a.intArg(2));
            return 0;
        });
        t.register(122, "uname", (cur, a) -> {
            byte[] u = new byte[65 * 6];
            String[] f = {"Linux", "vexmem", "4.9.0-vexmem", "#1 SMP", "armv7l", "(none)"};
            for (int i = 0; i < f.length; i++) {
                byte[] s = f[i].getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(s, 0, u, 65 * i, s.length);
            }
            cur.mm().copyToUser(a.arg(0), u);
            return 0;
        });
        t.register(20, "getpid", (cur, a) -> cur.tgid());
        t.register(64, "getppid", (cur, a) -> cur.ppid());
        t.register(224, "gettid", (cur, a) -> cur.pid());
        t.register(256, "set_tid_address", (cur, a) -> cur.pid());
        t.register(338, "set_robust_list", (cur, a) -> 0);
        t.register(174, "rt_sigaction", (cur, a) -> 0);
        t.register(175, "rt_sigprocmask", (cur, a) -> 0);
        Map<Task, Long> sleeps = new HashMap<>();
        // nanosleep(req, rem), clock_nanosleep(clock, flags, req, rem) with 32- and 64-bit timespecs.
        t.register(162, "nanosleep", (cur, a) -> sleep(sleeps, cur, a.arg(0), false));
        t.register(265, "clock_nanosleep", (cur, a) -> sleep(sleeps, cur, a.arg(2), false));
        t.register(407, "clock_nanosleep_time64", (cur, a) -> sleep(sleeps, cur, a.arg(2), true));
    }

    private static long sleep(Map<Task, Long> sleeps, Task cur, long ts, boolean time64) {
        Long deadline = sleeps.get(cur);
        long now = cur.kernel().clock().nanos();
        if (deadline == null) {
            long sec = cur.mm().getUserInt(ts) & 0xffffffffL;
            long nsec = cur.mm().getUserInt(ts + (time64 ? 8 : 4)) & 0xffffffffL;
            deadline = now + sec * 1_000_000_000L + nsec;
            sleeps.put(cur, deadline);
        }
        if (now >= deadline) {
            sleeps.remove(cur);
            return 0;
        }
        throw WouldBlock.until(deadline);
    }
}
