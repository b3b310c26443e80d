package vexmem.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vexmem.cli.Main;
import vexmem.e2e.Cli.Result;

/** The vexmem command line end to end: demos, run, exit statuses, tracing, dt check, help and version. */
class CliEndToEndTest {
    @TempDir
    Path dir;

    private static final Pattern PASS_ROW = Pattern.compile("(?m)^[a-z-]+\\s+\\d{3}( §[0-9.]+)?\\s+PASS\\s*$");

    @Test
    void armDemoPassesAllNine() {
        Result r = Cli.run("demo", "--board", Cli.BOARD_A9);
        assertEquals(0, r.rc(), r::toString);
        assertEquals(9, PASS_ROW.matcher(r.out()).results().count(), r::toString);
        assertTrue(r.out().contains("9 of 9 demos passed"), r::toString);
        assertTrue(r.err().contains("buf data:abcd"), "kernel log reaches stderr");
    }

    @Test
    void armDemoOnTheA15Board() {
        Result r = Cli.run("demo", "--quiet", "--board", Cli.BOARD_A15);
        assertEquals(0, r.rc(), r::toString);
        assertEquals(9, PASS_ROW.matcher(r.out()).results().count(), r::toString);
    }

    @Test
    void javaDemoPasses() {
        Result r = Cli.run("demo", "--java", "--quiet");
        assertEquals(0, r.rc(), r::toString);
        assertEquals(9, PASS_ROW.matcher(r.out()).results().count(), r::toString);
    }

    @Test
    void runHelloPrintsItsArguments() {
        Result r = Cli.run("run", "--quiet", "hello", "a", "b");
        assertEquals(0, r.rc(), r::toString);
        assertEquals("hello from vexmem guest (argc=3)\nargv[0] = hello\nargv[1] = a\nargv[2] = b\n"
                + "malloc(1048576) ok, p[0]=0x5a p[n-1]=0x5a\nbye\n", r.out());
        assertEquals("", r.err(), "--quiet: nothing on stderr");
    }

    @Test
    void kernelLogIsPrintedWithoutQuiet() {
        Result r = Cli.run("run", "hello");
        assertEquals(0, r.rc(), r::toString);
        assertTrue(r.err().contains("Booting vexmem kernel model"), r::toString);
        assertTrue(r.err().contains("reboot: Power down"), r::toString);
    }

    @Test
    void missingProgramIs127() {
        Result r = Cli.run("run", "--quiet", "no_such_program_xyz");
        assertEquals(127, r.rc(), r::toString);
        assertEquals("vexmem: no_such_program_xyz: No such file or directory\n", r.err());
    }

    @Test
    void nonElfFileIs126() throws Exception {
        Path f = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        Result r = Cli.run("run", "--quiet", f.toString());
        assertEquals(126, r.rc(), r::toString);
        assertTrue(r.err().contains("cannot execute binary file"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }

    @Test
    void hostX86BinaryIs126() {
        Path host = Path.of("/bin/true");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(host));
        Result r = Cli.run("run", "--quiet", host.toString());
        assertEquals(126, r.rc(), r::toString);
        assertTrue(r.err().contains("cannot execute binary file"), r::toString);
    }

    @Test
    void guestExitCodePassesThrough() {
        for (int code : new int[] {0, 1, 42, 255}) {
            Result r = Cli.run("run", "--quiet", Cli.TOOL, "exit", Integer.toString(code));
            assertEquals(code, r.rc(), r::toString);
        }
    }

    @Test
    void segfaultIs139WithStraceStyleLine() {
        Result r = Cli.run("run", "--quiet", Cli.TOOL, "segv");
        assertEquals(139, r.rc(), r::toString);
        assertTrue(r.err().contains("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x00000010} ---"), r::toString);
        assertTrue(r.err().contains("+++ killed by SIGSEGV +++"), r::toString);
    }

    @Test
    void spawnGivesFirstNonZeroStatusInStartOrder() {
        Result r = Cli.run("run", "--quiet", Cli.TOOL, "exit", "0",
                "--spawn", Cli.TOOL + " exit 3", "--spawn", Cli.TOOL + " segv", "--spawn", Cli.TOOL + " exit 5");
        assertEquals(3, r.rc(), r::toString);
        r = Cli.run("run", "--quiet", Cli.TOOL, "exit", "0", "--spawn", Cli.TOOL + " segv", "--spawn", Cli.TOOL + " exit 3");
        assertEquals(139, r.rc(), r::toString);
        r = Cli.run("run", "--quiet", Cli.TOOL, "exit", "7", "--spawn", Cli.TOOL + " exit 3");
        assertEquals(7, r.rc(), r::toString);
    }

    @Test
    void spawnMissingProgramIs127() {
        Result r = Cli.run("run", "--quiet", "hello", "--spawn", "no_such_program_xyz");
        assertEquals(127, r.rc(), r::toString);
    }

    @Test
    void shareServiceAndClient() {
        Result r = Cli.run("run", "--quiet", "dmabuf_share_service", "--spawn", "dmabuf_share_client");
        assertEquals(0, r.rc(), r::toString);
        assertTrue(r.out().contains("service buffer data: 1234"), r::toString);
        assertTrue(r.out().contains("ack received"), r::toString);
        assertFalse(r.err().contains("unimplemented system call"), r::toString);
    }

    @Test
    void shareServiceLogsNoUnimplementedSyscall() {
        Result r = Cli.run("run", "dmabuf_share_service", "--spawn", "dmabuf_share_client");
        assertEquals(0, r.rc(), r::toString);
        assertFalse(r.err().contains("unimplemented system call"), "alarm() is setitimer: " + r.err());
    }

    @Test
    void traceIsDeterministicAndDecodesIonIoctls() throws Exception {
        Path t1 = dir.resolve("t1.txt");
        Path t2 = dir.resolve("t2.txt");
        Result a = Cli.run("run", "--quiet", "--trace=" + t1, "ion_alloc_demo");
        Result b = Cli.run("run", "--quiet", "--trace=" + t2, "ion_alloc_demo");
        assertEquals(0, a.rc(), a::toString);
        assertEquals(0, b.rc(), b::toString);
        String s1 = Files.readString(t1);
        String s2 = Files.readString(t2);
        assertTrue(s1.lines().count() > 20, s1);
        assertEquals(s1, s2, "two runs, identical traces");
        assertEquals(a.out(), b.out());
        assertTrue(Pattern.compile("(?m)^\\d+ ioctl\\(3, ION_IOC_ALLOC, \\{len=3145728, align=\\d+, heap_id_mask=0x10, flags=0x[01]\\} => \\{handle=\\d+\\}\\) = 0$")
                .matcher(s1).find(), s1);
        assertTrue(s1.contains("ION_IOC_FREE"), s1);
        assertTrue(s1.contains("openat(AT_FDCWD, \"/dev/ion\""), s1);
        assertTrue(s1.lines().anyMatch(l -> l.matches("\\d+ exit_group\\(0\\) = \\?")), s1);
    }

    @Test
    void traceToStderrOfTheTwoProcessShare() {
        Result a = Cli.run("run", "--quiet", "--trace=-", "dmabuf_share_service", "--spawn", "dmabuf_share_client");
        Result b = Cli.run("run", "--quiet", "--trace=-", "dmabuf_share_service", "--spawn", "dmabuf_share_client");
        assertEquals(0, a.rc(), a::toString);
        assertEquals(a.err(), b.err(), "scheduling and virtual time are deterministic");
        assertTrue(a.err().contains("sendmsg("), a.err());
        assertTrue(a.err().contains("ION_IOC_MAP"), a.err());
    }

    @Test
    void quietSilencesTheKernelLog() {
        Result loud = Cli.run("run", "dmabuf_user_to_kernel");
        Result quiet = Cli.run("run", "--quiet", "dmabuf_user_to_kernel");
        assertEquals(0, loud.rc(), loud::toString);
        assertEquals(0, quiet.rc(), quiet::toString);
        assertTrue(loud.err().contains("buf data:abcd"), loud::toString);
        assertEquals("", quiet.err(), quiet::toString);
        assertEquals(loud.out(), quiet.out());
        Result demo = Cli.run("demo", "--quiet", "user-to-kernel");
        assertEquals(0, demo.rc(), demo::toString);
        assertFalse(demo.err().contains("buf data"), demo::toString);
    }

    @Test
    void dtCheckShippedBoards() {
        for (String b : new String[] {Cli.BOARD_A9, Cli.BOARD_A15}) {
            Result r = Cli.run("dt", "check", b);
            assertEquals(0, r.rc(), r::toString);
        }
    }

    @Test
    void dtCheckTruncatedDtbIsTwoWithOneLine() throws Exception {
        Path dtb = dir.resolve("a9.dtb");
        Result c = Cli.run("dt", "convert", "--to", "dtb", "-o", dtb.toString(), Cli.BOARD_A9);
        assertEquals(0, c.rc(), c::toString);
        Result ok = Cli.run("dt", "check", dtb.toString());
        assertEquals(0, ok.rc(), ok::toString);
        byte[] bytes = Files.readAllBytes(dtb);
        for (int len : new int[] {bytes.length / 2, 40, 3, 0}) {
            Path cut = dir.resolve("cut" + len + ".dtb");
            Files.write(cut, Arrays.copyOf(bytes, len));
            Result r = Cli.run("dt", "check", cut.toString());
            assertEquals(2, r.rc(), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertTrue(r.err().startsWith("vexmem: "), r::toString);
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        }
    }

    @Test
    void versionAndHelp() {
        Result v = Cli.run("--version");
        assertEquals(0, v.rc(), v::toString);
        assertTrue(v.out().startsWith("vexmem "), v::toString);
        List<String> paths = new ArrayList<>();
        collect(Main.commandLine(), List.of(), paths);
        assertTrue(paths.size() >= 8, paths::toString);
        for (String p : paths) {
            List<String> args = new ArrayList<>(p.isEmpty() ? List.of() : List.of(p.split(" ")));
            args.add("--help");
            Result h = Cli.run(args.toArray(String[]::new));
            assertEquals(0, h.rc(), () -> p + ": " + h);
            assertTrue(h.out().contains("Usage: vexmem" + (p.isEmpty() ? "" : " " + p)), () -> p + ": " + h);
            if (!p.equals("help")) {
                // every command also answers --version the same way (mixinStandardHelpOptions)
                args.set(args.size() - 1, "--version");
                Result ver = Cli.run(args.toArray(String[]::new));
                assertEquals(0, ver.rc(), () -> p + " --version: " + ver);
                assertTrue(ver.out().startsWith("vexmem "), () -> p + " --version: " + ver);
            }
        }
    }

    private static void collect(CommandLine cl, List<String> prefix, List<String> out) {
        out.add(String.join(" ", prefix));
        for (var e : cl.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().aliases().equals(e.getKey())) {
                List<String> p = new ArrayList<>(prefix);
                p.add(e.getKey());
                collect(e.getValue(), p, out);
            }
        }
    }

    @Test
    void unlandedFuzzIsTwoWithPlainMessage() {
        Result r = Cli.run("fuzz");
        assertEquals(2, r.rc(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("not available yet"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
    }

    @Test
    void unknownCommandAndOptionAreTwo() {
        Result r = Cli.run("frobnicate");
        assertEquals(2, r.rc(), r::toString);
        r = Cli.run("run", "--no-such-option", "hello");
        assertEquals(2, r.rc(), r::toString);
        assertTrue(r.err().startsWith("vexmem: Unknown option"), r::toString);
    }
}
