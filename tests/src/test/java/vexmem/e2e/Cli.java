package vexmem.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import vexmem.cli.Main;

/**
 * Runs the vexmem command line in-process exactly as {@code vexmem ARGS} would ({@link Main#commandLine()}),
 * with System.out/err/in swapped for buffers while it runs, so guest output, the kernel log, traces and
 * picocli's messages are all captured. vexmem.home points at the repository so committed guest
 * programs resolve by name.
 */
final class Cli {
    /** The repository root (tests run with tests/ as the working directory). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path GUEST_DIR = Path.of("src/test/resources/guest").toAbsolutePath();
    /** The end-to-end tests' own ARM guest (source: src/test/guest-src/e2e_tool.c). */
    static final String TOOL = GUEST_DIR.resolve("e2e_tool").toString();
    static final String BOARD_A9 = ROOT.resolve("boards/vexpress-a9.json").toString();
    static final String BOARD_A15 = ROOT.resolve("boards/vexpress-a15.json").toString();

    record Result(int rc, String out, String err) {
        @Override
        public String toString() {
            return "exit " + rc + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static synchronized Result run(String... args) {
        if (!Files.isDirectory(ROOT.resolve("guest-programs/bin"))) {
            throw new IllegalStateException("tests must run from the tests/ module directory");
        }
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        String oldHome = System.getProperty("vexmem.home");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(po);
            System.setErr(pe);
            System.setIn(new ByteArrayInputStream(new byte[0]));
            System.setProperty("vexmem.home", ROOT.toString());
            CommandLine cl = Main.commandLine();
            rc = cl.execute(args);
            cl.getOut().flush();
            cl.getErr().flush();
            po.flush();
            pe.flush();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
            if (oldHome == null) {
                System.clearProperty("vexmem.home");
            } else {
                System.setProperty("vexmem.home", oldHome);
            }
        }
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
