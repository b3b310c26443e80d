package vexmem.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs CLI commands as picocli would, with guest output, console and picocli's own errors captured. */
abstract class CliTestBase {
    static final String BOARD = Path.of("..", "boards", "vexpress-a9.json").toString();

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final StringWriter cliErr = new StringWriter();

    int exec(Object cmd, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        if (cmd instanceof DemoCommand d) {
            d.out = o;
            d.err = e;
        } else if (cmd instanceof RunCommand r) {
            r.out = o;
            r.err = e;
        } else if (cmd instanceof ReplayCommand r) {
            r.out = o;
            r.err = e;
        }
        CommandLine cl = new CommandLine(cmd);
        OneLineErrors h = new OneLineErrors();
        cl.setExecutionExceptionHandler(h);
        cl.setParameterExceptionHandler(h);
        cl.setErr(new PrintWriter(cliErr, true));
        return cl.execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The console (kernel log, guest stderr) and picocli's messages. */
    String err() {
        return err.toString(StandardCharsets.UTF_8) + cliErr;
    }
}
