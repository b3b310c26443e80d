package vexmem.guest;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import vexmem.board.Board;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelLog;
import vexmem.kernel.KernelOptions;

/**
 * Runs demos with a {@link DemoBackend}: a fresh kernel per demo on the given board, the kernel log
 * on stderr like a serial console (unless quiet), a header per demo, then the verdict. A demo passes
 * only if every process exited 0 and printed "RESULT: PASS", every {@link Demo#kernelLog()} substring
 * is in the kernel log, and shutdown's leak check is clean. {@link #runAll} ends with a summary table.
 */
public final class DemoRunner {
    /** The verdict on one demo. */
    public record Outcome(Demo demo, boolean passed, String reason, List<ProcessResult> processes,
            List<String> leaks, List<String> kernelLog) {
    }

    private final Board board;
    private final KernelOptions options;
    private final DemoBackend backend;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;

    public DemoRunner(Board board, KernelOptions options, DemoBackend backend, PrintStream out, PrintStream err,
            boolean quiet) {
        this.board = board;
        this.options = options;
        this.backend = backend;
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    /**
     * Boots a kernel on the board with the serial console: the boot lines so far, then every new line
     * as it is printed, go to err (nothing when quiet).
     */
    public static Kernel bootWithConsole(Board board, KernelOptions options, PrintStream err, boolean quiet) {
        Kernel k = Kernel.boot(board, options);
        if (!quiet) {
            Consumer<KernelLog.Line> console = line -> {
                synchronized (err) {
                    err.println(line.format());
                    err.flush();
                }
            };
            synchronized (k.log()) {
                for (KernelLog.Line l : k.log().lines()) {
                    console.accept(l);
                }
                k.log().addConsumer(console);
            }
        }
        return k;
    }

    /** Runs one demo and prints its verdict line. */
    public Outcome run(Demo demo) {
        out.printf("=== %s (%s, %s back end): %s ===%n", demo.id(), demo.document(), backend.name(), demo.title());
        out.flush();
        Kernel k = bootWithConsole(board, options, err, quiet);
        List<ProcessResult> procs = List.of();
        String reason = null;
        try {
            procs = backend.run(k, demo, out, err);
        } catch (Exception | Error e) {
            reason = "back end failed: " + e;
        }
        List<String> leaks;
        try {
            leaks = k.shutdown();
        } catch (RuntimeException e) {
            leaks = List.of("shutdown failed: " + e);
        }
        List<String> log = k.log().lines().stream().map(KernelLog.Line::text).toList();
        try {
            k.close(); // shutdown already ran: releases the board's memory, throws nothing
        } catch (RuntimeException e) {
            // the leaks were already collected above
        }
        if (reason == null) {
            reason = judge(demo, procs, leaks, log);
        }
        if (!leaks.isEmpty()) {
            err.println("leak check failed for " + demo.id() + ":");
            for (String l : leaks) {
                err.println("  " + l);
            }
            err.flush();
        }
        boolean passed = reason == null;
        out.printf("=== %s: %s%s ===%n", demo.id(), passed ? "PASS" : "FAIL", passed ? "" : " (" + reason + ")");
        out.flush();
        return new Outcome(demo, passed, passed ? "" : reason, procs, leaks, log);
    }

    /** Null when passed, else the first reason it did not. */
    static String judge(Demo demo, List<ProcessResult> procs, List<String> leaks, List<String> log) {
        if (procs.size() != demo.processes().size()) {
            return "ran " + procs.size() + " of " + demo.processes().size() + " processes";
        }
        for (ProcessResult p : procs) {
            if (p.status() != 0 || !p.stdout().contains("RESULT: PASS")) {
                String why = p.stdout().lines().filter(l -> l.startsWith("RESULT: FAIL")).findFirst()
                        .map(l -> l.substring("RESULT: ".length())).orElse(null);
                if (p.status() != 0) {
                    return p.program() + " exited " + p.status() + (why == null ? "" : ": " + why);
                }
                return p.program() + ": no RESULT: PASS" + (why == null ? "" : " (" + why + ")");
            }
        }
        for (String want : demo.kernelLog()) {
            if (log.stream().noneMatch(l -> l.contains(want))) {
                return "kernel log lacks \"" + want + "\"";
            }
        }
        if (!leaks.isEmpty()) {
            return leaks.size() + " leak(s): " + leaks.get(0);
        }
        return null;
    }

    /** Runs the demos in order, then prints the summary table. */
    public List<Outcome> runAll(List<Demo> demos) {
        List<Outcome> res = new ArrayList<>();
        for (Demo d : demos) {
            res.add(run(d));
        }
        printSummary(res, out);
        return res;
    }

    public static void printSummary(List<Outcome> res, PrintStream out) {
        int idw = "demo".length();
        int docw = "document".length();
        for (Outcome o : res) {
            idw = Math.max(idw, o.demo().id().length());
            docw = Math.max(docw, o.demo().document().length());
        }
        String fmt = "%-" + idw + "s  %-" + docw + "s  %-6s %s";
        out.println();
        out.println(String.format(fmt, "demo", "document", "result", "reason").stripTrailing());
        long passed = 0;
        for (Outcome o : res) {
            out.println(String.format(fmt, o.demo().id(), o.demo().document(), o.passed() ? "PASS" : "FAIL",
                    o.reason()).stripTrailing());
            passed += o.passed() ? 1 : 0;
        }
        out.printf("%d of %d demos passed%n", passed, res.size());
        out.flush();
    }

    /** 0 iff every demo passed. */
    public static int exitCode(List<Outcome> res) {
        return res.stream().allMatch(Outcome::passed) ? 0 : 1;
    }
}
