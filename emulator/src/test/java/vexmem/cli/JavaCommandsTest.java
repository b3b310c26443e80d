package vexmem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo --java and run --java through picocli, on the default board. */
class JavaCommandsTest extends CliTestBase {
    @TempDir
    Path dir;

    @Test
    void demoJavaRunsAllNineAndPasses() {
        int rc = exec(new DemoCommand(), "--java", "--board", BOARD);
        assertEquals(0, rc, () -> out() + err());
        assertTrue(out().contains("9 of 9 demos passed"), out());
        assertTrue(out().matches("(?s).*\\ntwo-process-share\\s+000 §3.2\\s+PASS.*"), out());
        assertTrue(err().contains("buf data:abcd"), "kernel log on the console");
    }

    @Test
    void demoJavaSingleDemoQuiet() {
        int rc = exec(new DemoCommand(), "--java", "--quiet", "--board", BOARD, "user-to-kernel");
        assertEquals(0, rc, () -> out() + err());
        assertTrue(out().contains("1 of 1 demos passed"), out());
        assertEquals("", err());
    }

    @Test
    void demoRejectsUnknownKernelAndBadBoard() throws Exception {
        assertEquals(2, exec(new DemoCommand(), "--java", "--kernel", "5.10", "--board", BOARD));
        assertTrue(cliErr.toString().contains("--kernel 5.10: not supported"), cliErr::toString);
        assertEquals(1, cliErr.toString().lines().count());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{ not json");
        StringWriter before = new StringWriter();
        before.write(cliErr.toString());
        assertEquals(2, exec(new DemoCommand(), "--java", "--board", bad.toString()));
        assertTrue(cliErr.toString().contains("bad.json"), cliErr::toString);
        assertEquals(2, exec(new DemoCommand(), "--java", "--board", dir.resolve("missing.json").toString()));
        assertEquals(2, exec(new DemoCommand(), "--java", "--board", BOARD, "no-such-demo"));
    }

    @Test
    void runJavaIonAllocDemo() {
        int rc = exec(new RunCommand(), "--java", "--quiet", "--board", BOARD, "ion_alloc_demo");
        assertEquals(0, rc, () -> out() + err());
        assertTrue(out().endsWith("RESULT: PASS\n"), out());
    }

    @Test
    void runJavaWithSpawn() {
        int rc = exec(new RunCommand(), "--java", "--quiet", "--board", BOARD, "dmabuf_share_service",
                "--spawn", "dmabuf_share_client");
        assertEquals(0, rc, () -> out() + err());
        assertTrue(out().contains("service buffer data: 1234"), out());
        assertTrue(out().contains("ack received"), out());
    }

    @Test
    void runJavaListAndUnknown() {
        assertEquals(0, exec(new RunCommand(), "--java", "list"));
        assertTrue(out().lines().toList().contains("cma_mem_test"), out());
        assertEquals(10, out().lines().count());
        assertEquals(127, exec(new RunCommand(), "--java", "--board", BOARD, "no_such_guest"));
        assertTrue(err().contains("no_such_guest: no such Java guest"), err());
        assertEquals(127, exec(new RunCommand(), "--java", "--board", BOARD, "ion_alloc_demo", "--spawn", "nope x"));
    }

    @Test
    void runJavaFailingGuestGivesItsStatus() {
        // dmabuf_share_client alone never finds the service: connect retries for 5 s of virtual time.
        int rc = exec(new RunCommand(), "--java", "--quiet", "--board", BOARD, "dmabuf_share_client");
        assertEquals(1, rc, () -> out() + err());
        assertTrue(out().contains("RESULT: FAIL could not connect"), out());
    }

    @Test
    void javaGuestsAreTracedAtTheKernelsDispatchLikeArmGuests() throws Exception {
        Path java = dir.resolve("java.trace");
        Path arm = dir.resolve("arm.trace");
        System.setProperty("vexmem.home", Path.of("..").toAbsolutePath().normalize().toString());
        assertEquals(0, exec(new RunCommand(), "--java", "--quiet", "--board", BOARD, "--trace=" + java, "ion_alloc_demo"));
        assertEquals(0, exec(new RunCommand(), "--quiet", "--board", BOARD, "--trace=" + arm, "ion_alloc_demo"));
        java.util.function.Function<Path, java.util.List<String>> ioctls = p -> {
            try {
                return Files.readAllLines(p).stream().filter(l -> l.contains(" ioctl(")).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        // The same program in Java and in C makes the same ION calls, decoded the same way.
        assertEquals(ioctls.apply(arm), ioctls.apply(java));
        assertTrue(ioctls.apply(java).get(0).contains("ION_IOC_ALLOC, {len=3145728"), ioctls.apply(java)::toString);
    }
}
