package vexmem.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vexmem.kernel.Kernel;
import vexmem.kernel.mm.PageSize;

class GuestRunTest {
    record Run(int status, String out, String err, Kernel kernel) {
    }

    static Run run(String guest, String... args) {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            List<String> argv = new java.util.ArrayList<>(List.of(guest));
            argv.addAll(List.of(args));
            emu.spawn(TestKernels.guest(guest), argv, Stdio.of(out, err));
            int st = emu.runAll().status();
            return new Run(st, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), k);
        }
    }

    @Test
    void projectHelloAndSyscallBench() {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            emu.spawn(TestKernels.program("hello"), List.of("hello"), Stdio.of(out, System.err));
            emu.spawn(TestKernels.program("syscall_bench"), List.of("syscall_bench", "1000"), Stdio.of(out, System.err));
            emu.spawn(TestKernels.program("cpu_bench"), List.of("cpu_bench", "2"), Stdio.of(out, System.err));
            assertEquals(0, emu.runAll().status());
            String o = out.toString(StandardCharsets.UTF_8);
            assertTrue(o.startsWith("hello from vexmem guest (argc=1)\nargv[0] = hello\n"
                    + "malloc(1048576) ok, p[0]=0x5a p[n-1]=0x5a\nbye\n"), o);
            assertTrue(o.contains("syscall_bench: 1000 getppid calls (ppid=0)"), o);
            assertTrue(o.contains("cpu_bench: checksum=0x17d9076c fp=9.181022"), o); // as under qemu-arm
        }
    }

    @Test
    void shutdownWithoutRunningReleasesEverything() {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            GuestProcess p = emu.spawn(TestKernels.guest("hello"), List.of("hello"), Stdio.of(System.out, System.err));
            assertTrue(p.cpu().regionCount() > 0);
        } // close() runs the leak check: pages, files and the engine must all come back
    }

    @Test
    void thumbEntry() {
        Run r = run("hello_thumb", "t", "7");
        assertTrue(r.out.startsWith("hello from hello_thumb, argc=3, heap ok\n"), r.out);
        assertEquals(7, r.status);
    }

    @Test
    void staticPieLoadsAtPieBase() {
        Run r = run("pie", "a", "b");
        assertTrue(r.out.startsWith("pie ok at 004"), r.out);
        assertEquals(3, r.status);
    }

    @Test
    void segfaultIsReportedStraceStyle() {
        Run r = run("segv");
        assertEquals("before\n", r.out);
        assertEquals("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x00000000} ---\n"
                + "+++ killed by SIGSEGV +++\n", r.err);
        assertEquals(139, r.status);
    }

    @Test
    void undefinedInstructionIsSigill() {
        Run r = run("ill");
        assertTrue(r.out.matches("before, udf at 0x[0-9a-f]+\n"), r.out);
        long udf = Long.parseLong(r.out.substring(r.out.indexOf("0x") + 2).strip(), 16);
        // the UDF follows two other instructions of its block: si_addr is the UDF itself (do_undefinstr)
        assertEquals(String.format("--- SIGILL {si_signo=SIGILL, si_code=ILL_ILLOPC, si_addr=0x%08x} ---%n"
                + "+++ killed by SIGILL +++%n", udf), r.err);
        assertEquals(132, r.status);
    }

    @Test
    void abortKillsWithSigabrt() {
        Run r = run("abrt");
        assertEquals("aborting\n", r.out);
        assertTrue(r.err.endsWith("+++ killed by SIGABRT +++\n"), r.err);
        assertEquals(134, r.status);
    }

    @Test
    void kuserHelpers() {
        Run r = run("kuser");
        assertEquals("version=5 cmpxchg=1,1 v=7 tls_ok=1\n", r.out);
    }

    @Test
    void cacheflushDropsStaleTranslations() {
        try (Kernel k = TestKernels.boot()) {
            // getpid(addr) from the guest: rewrite the code at addr behind the CPU's back, as another
            // engine or a driver writing a shared page would.
            k.syscalls().register(20, "getpid", (cur, a) -> {
                byte[] movR0_3 = {3, 0, (byte) 0xa0, (byte) 0xe3};
                long phys = cur.mm().translate(a.arg(0), 0);
                k.physicalMemory().write(phys, movR0_3);
                return cur.pid();
            });
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            emu.spawn(TestKernels.guest("smc"), List.of("smc"), Stdio.of(out, System.err));
            assertEquals(0, emu.runAll().status());
            assertEquals("smc 1 2 3\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void codeRemappedAtTheSameAddressIsRetranslated() {
        Run r = run("remap");
        assertEquals("remap 1 2 3\n", r.out, r.status + " " + r.err + r.kernel.log().lines());
    }

    @Test
    void crashDoesNotStopOtherProcess() {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream out1 = new ByteArrayOutputStream(), err1 = new ByteArrayOutputStream();
            ByteArrayOutputStream out2 = new ByteArrayOutputStream();
            GuestProcess spin = emu.spawn(TestKernels.guest("spin"), List.of("spin", "3000000"), Stdio.of(out2, System.err));
            GuestProcess segv = emu.spawn(TestKernels.guest("segv"), List.of("segv"), Stdio.of(out1, err1));
            GuestProcess ill = emu.spawn(TestKernels.guest("ill"), List.of("ill"), Stdio.of(out1, err1));
            Emulator.ExitStatuses st = emu.runAll();
            assertEquals(139, segv.exitStatus());
            assertEquals(132, ill.exitStatus());
            assertEquals(0, spin.exitStatus());
            assertEquals(139, st.status(), "first non-zero in start order");
            assertTrue(out2.toString().startsWith("spin 3000000 "), out2.toString());
        }
    }

    @Test
    void sleepersInterleaveDeterministically() {
        String first = null;
        for (int i = 0; i < 2; i++) {
            try (Kernel k = TestKernels.boot()) {
                Emulator emu = new Emulator(k);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                emu.spawn(TestKernels.guest("sleeper"), List.of("sleeper", "2"), Stdio.of(out, System.err));
                emu.spawn(TestKernels.guest("sleeper"), List.of("sleeper", "0"), Stdio.of(out, System.err));
                assertEquals(0, emu.runAll().status());
                String o = out.toString();
                // p0 sleeps 1 ms per tick, p2 3 ms: p0 finishes its three ticks by 3 ms.
                assertTrue(o.startsWith("p0 tick 0\np0 tick 1\np0 tick 2\np2 tick 0\n")
                        || o.startsWith("p0 tick 0\np0 tick 1\np2 tick 0\np0 tick 2\n"), o);
                if (first == null) {
                    first = o;
                } else {
                    assertEquals(first, o);
                }
            }
        }
    }

    @Test
    void twoEnginesShareOnePhysicalPage() {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            GuestProcess a = emu.spawn(TestKernels.guest("hello"), List.of("a"), Stdio.of(System.out, System.err));
            GuestProcess b = emu.spawn(TestKernels.guest("hello"), List.of("b"), Stdio.of(System.out, System.err));
            long pfn = k.pageAllocator().allocPages(0);
            vexmem.kernel.fs.FileOperations pfnOps = new vexmem.kernel.fs.FileOperations() {
                @Override
                public void mmap(vexmem.kernel.task.Task current, vexmem.kernel.fs.File file, vexmem.kernel.mm.Vma vma) {
                    vexmem.kernel.mm.AddressSpace.remapPfnRange(vma, vma.start(), pfn, PageSize.PAGE_SIZE, vma.prot());
                }
            };
            vexmem.kernel.fs.File f = new vexmem.kernel.fs.File("/dev/shared", null, pfnOps, 2, k.objects());
            long va = a.task().mm().mmap(a.task(), 0, 4096, 3, 1, f, 0, null);
            long vb = b.task().mm().mmap(b.task(), 0x20000000L, 4096, 3, 1, f, 0, null);
            f.put();
            a.cpu().memWrite(va + 16, "shared!".getBytes());
            assertEquals("shared!", new String(b.cpu().memRead(vb + 16, 7)));
            assertEquals("shared!", new String(k.physicalMemory().read(PageSize.phys(pfn) + 16, 7)));
            k.physicalMemory().write(PageSize.phys(pfn) + 100, "java".getBytes());
            assertEquals("java", new String(a.cpu().memRead(va + 100, 4)));
            assertTrue(a.cpu().regionCount() < 16, "regions: " + a.cpu().regionCount());
            System.out.println("unicorn regions for a loaded hello: " + a.cpu().regionCount());
            emu.runAll();
            k.pageAllocator().freePages(pfn, 0);
        }
    }

    @Test
    void execErrors(@TempDir Path dir) throws Exception {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            ExecException nf = assertThrows(ExecException.class,
                    () -> emu.spawn(dir.resolve("nope"), List.of(), Stdio.inherit()));
            assertEquals(127, nf.exitCode());
            Path txt = Files.writeString(dir.resolve("text"), "#!/bin/sh\necho hi\n");
            ExecException ne = assertThrows(ExecException.class, () -> emu.spawn(txt, List.of(), Stdio.inherit()));
            assertEquals(126, ne.exitCode());
            assertTrue(ne.getMessage().contains("not an ELF"), ne.getMessage());
            ExecException x86 = assertThrows(ExecException.class,
                    () -> emu.spawn(Path.of("/bin/true"), List.of(), Stdio.inherit()));
            assertEquals(126, x86.exitCode());
            System.out.println(x86.getMessage());
        }
    }
}
