package vexmem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ARM path of vexmem run and demo through picocli, with the committed guest binaries. */
class ArmRunCommandTest extends CliTestBase {
    @TempDir
    Path dir;

    @BeforeAll
    static void home() {
        // Bare program names resolve in $vexmem.home/guest-programs/bin.
        System.setProperty("vexmem.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    @Test
    void runsACommittedBinaryByName() {
        assertEquals(0, exec(new RunCommand(), "--board", BOARD, "hello", "a", "b"), () -> out() + err());
        assertTrue(out().contains("argv[2] = b"), out());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Booting vexmem kernel model"), "kernel log on stderr");
    }

    @Test
    void traceWithoutEqualsDoesNotSwallowTheProgram() throws Exception {
        Path trace = dir.resolve("t.txt");
        assertEquals(0, exec(new RunCommand(), "--board", BOARD, "--quiet", "--trace=" + trace, "ion_alloc_demo"));
        String t = Files.readString(trace);
        assertTrue(t.contains("ioctl(3, ION_IOC_ALLOC, {len=3145728"), t);
        assertTrue(t.contains("MAP_SHARED, 4, 0) = 0x"), t);
        assertTrue(out().contains("RESULT: PASS"));
        out.reset();
        PrintStream saved = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream()));
            assertEquals(0, exec(new RunCommand(), "--board", BOARD, "--quiet", "--trace", "hello"));
        } finally {
            System.setErr(saved);
        }
        assertTrue(out().contains("hello from vexmem guest"), out());
    }

    @Test
    void traceDecodesTheDocumentDriversIoctls() throws Exception {
        Path trace = dir.resolve("cma.txt");
        assertEquals(0, exec(new RunCommand(), "--board", BOARD, "--quiet", "--trace=" + trace, "cma_mem_test"));
        String t = Files.readString(trace);
        assertTrue(t.contains("ioctl(3, CMEM_ALLOCATE, {name=\"mem1\", is_use_buffer=1, id=0, offset=0, len=0x177000} => "
                + "{id=1, offset=0, len=0x177000, phy_base=0x9a000000, "), t);
        assertTrue(t.contains("CMEM_UNMAP, {name=\"mem2\""), t);
    }

    @Test
    void mapsNameTheExecutableAndMergeTheHeap() throws Exception {
        Path dump = dir.resolve("dump.txt");
        assertEquals(0, exec(new RunCommand(), "--board", BOARD, "--quiet", "--dump", dump.toString(), "hello"));
        java.util.List<String> maps = Files.readString(dump).lines().dropWhile(l -> !l.contains("/maps"))
                .skip(1).takeWhile(l -> !l.startsWith("########")).toList();
        assertTrue(maps.stream().anyMatch(l -> l.contains(" r-xp ") && l.endsWith("/guest-programs/bin/hello")), maps::toString);
        // glibc grows brk twice at start-up; Linux shows one [heap] line for the merged VMA.
        assertEquals(1, maps.stream().filter(l -> l.endsWith("[heap]")).count(), maps::toString);
    }

    @Test
    void missingAndNonElfProgramsExitLikeAShell() throws Exception {
        assertEquals(127, exec(new RunCommand(), "--board", BOARD, "--quiet", "no_such_program"));
        Path text = Files.writeString(dir.resolve("script.txt"), "not an ELF\n");
        assertEquals(126, exec(new RunCommand(), "--board", BOARD, "--quiet", text.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no_such_program"), err::toString);
    }

    @Test
    void armDemoRunsAndJudgesOneDemo() {
        assertEquals(0, exec(new DemoCommand(), "--board", BOARD, "--quiet", "user-to-kernel"), () -> out() + err);
        assertTrue(out().contains("1 of 1 demos passed"), out());
    }
}
