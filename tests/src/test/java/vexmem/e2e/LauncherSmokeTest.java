package vexmem.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The `vexmem` launcher script in a real subprocess: exit statuses and output as a user sees them. */
class LauncherSmokeTest {
    static final Path LAUNCHER = Cli.ROOT.resolve("vexmem");
    static final Path JAR = Cli.ROOT.resolve("emulator/target/vexmem.jar");

    record Proc(int rc, String out, String err) {
    }

    /** The launcher rebuilds when a source is newer than the jar; a test must not start Maven, so skip then. */
    private static boolean jarIsFresh() throws IOException {
        if (!Files.isRegularFile(JAR)) {
            return false;
        }
        FileTime jar = Files.getLastModifiedTime(JAR);
        for (Path top : List.of(Cli.ROOT.resolve("emulator/src"), Cli.ROOT.resolve("kernel-model/src"),
                Cli.ROOT.resolve("devicetree/src"), Cli.ROOT.resolve("guest-programs/src"), Cli.ROOT.resolve("tests/src"),
                Cli.ROOT.resolve("guest-programs/bin"))) {
            if (!Files.exists(top)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(top)) {
                if (s.filter(Files::isRegularFile).anyMatch(p -> newer(p, jar))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean newer(Path p, FileTime t) {
        try {
            return Files.getLastModifiedTime(p).compareTo(t) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Proc launch(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void launcherRunsGuestsAndReportsStatuses() throws Exception {
        assumeTrue(Files.isRegularFile(LAUNCHER) && jarIsFresh(), "launcher jar missing or stale");
        Proc hello = launch("run", "--quiet", "hello", "from", "launcher");
        assertEquals(0, hello.rc(), hello::toString);
        assertTrue(hello.out().contains("argv[2] = launcher"), hello::toString);
        assertEquals("", hello.err());
        Proc segv = launch("run", "--quiet", Cli.TOOL, "segv");
        assertEquals(139, segv.rc(), segv::toString);
        assertTrue(segv.err().contains("+++ killed by SIGSEGV +++"), segv::toString);
        Proc missing = launch("run", "--quiet", "no_such_program_xyz");
        assertEquals(127, missing.rc(), missing::toString);
        Proc version = launch("--version");
        assertEquals(0, version.rc(), version::toString);
        assertTrue(version.out().startsWith("vexmem "), version::toString);
    }
}
