package vexmem.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vexmem.board.Board;
import vexmem.emulator.Emulator;
import vexmem.emulator.ExecException;
import vexmem.emulator.GuestBinaries;
import vexmem.emulator.Stdio;
import vexmem.emulator.SyscallTracer;
import vexmem.emulator.TracingObserver;
import vexmem.guest.Demo;
import vexmem.guest.DemoRunner;
import vexmem.guest.JavaDemoBackend;
import vexmem.guest.ProcessResult;
import vexmem.guest.java.JavaGuests;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.HostConsole;
import vexmem.kernel.KernelOptions;

/** vexmem run: one or more guest processes (static ARM binaries or Java guests) on one board. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a static ARM Linux binary (or a Java guest with --java) on the board.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--board", paramLabel = "FILE", description = "board device tree (.json, .dtb, .dts)")
    Path board;

    @Option(names = "--kernel", paramLabel = "V", description = "kernel generation (default: ${DEFAULT-VALUE})")
    String kernel = "4.9";

    @Option(names = "--trace", arity = "0..1", paramLabel = "FILE", fallbackValue = "-",
            preprocessor = AttachedValueOnly.class,
            description = "print one line per system call (to stderr, or to FILE)")
    String trace;

    @Option(names = "--record", paramLabel = "FILE", description = "record the run as a scenario")
    Path record;

    @Option(names = "--svg", paramLabel = "OUT",
            description = "draw physical memory (banks, reservations, allocations by heap and owner) at peak use and at the end")
    Path svg;

    @Option(names = "--dump", paramLabel = "FILE|-",
            description = "at exit (and on a crash) write debugfs, meminfo and each process's /proc/<pid>/maps to FILE (- = stdout)")
    String dump;

    @Option(names = "--spawn", paramLabel = "\"PROGRAM ARGS\"",
            description = "start one more guest process after the main one (repeatable)")
    List<String> spawn = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "HOST:GUEST", description = "make host directory HOST visible read-write at GUEST inside the guests (repeatable)")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--java", description = "PROGRAM names a Java guest (see 'vexmem run --java list')")
    boolean java;

    @Option(names = "--quiet", description = "do not print the kernel log")
    boolean quiet;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS")
    List<String> args = new ArrayList<>();

    /** Where guest output goes (tests replace these). */
    PrintStream out = System.out;
    PrintStream err = System.err;

    /** Exit status for a program name that does not exist (as a shell's "command not found"). */
    static final int NOT_FOUND = 127;

    /** Exit status when every guest succeeded but the kernel did not get everything back (EX_SOFTWARE). */
    static final int LEAKED = 70;

    @Override
    public Integer call() {
        return java ? runJava() : runArm();
    }

    private int runArm() {
        if (program == null) {
            throw new UserError(2, "run: missing PROGRAM (a static ARM binary, or a name from guest-programs/bin)");
        }
        List<HostMount> hostMounts = HostMount.parseAll(mounts);
        List<List<String>> procs = processes();
        KernelOptions options = Boards.kernelOptions(kernel);
        Board b = Boards.load(board);
        Kernel k = DemoRunner.bootWithConsole(b, options, err, quiet);
        HostMount.mountAll(k, hostMounts);
        RunExtras extras = new RunExtras(k, this);
        int status;
        try (SyscallTracer tracer = trace == null ? null : Tracing.open(trace)) {
            Emulator emu = new Emulator(k);
            emu.setTracer(tracer);
            for (List<String> argv : procs) {
                try {
                    emu.spawn(GuestBinaries.resolve(argv.get(0)), argv, stdio());
                } catch (ExecException e) {
                    err.println("vexmem: " + e.getMessage());
                    err.flush();
                    extras.end(err);
                    k.shutdown();
                    k.close();
                    return e.exitCode();
                }
            }
            status = emu.runAll().status();
        }
        System.out.flush();
        extras.end(err);
        return finish(k, status);
    }

    /** The user's own streams (fstat tells a terminal from a pipe), or the captured ones tests set. */
    private Stdio stdio() {
        if (out == System.out && err == System.err) {
            return Stdio.inherit();
        }
        return new Stdio(InputStream.nullInputStream(), out, err, HostConsole.Kind.PIPE);
    }

    /** Shuts the board down; a leak is reported loudly and fails an otherwise successful run. */
    private int finish(Kernel k, int status) {
        List<String> leaks = k.shutdown();
        k.close();
        if (!leaks.isEmpty()) {
            err.println("vexmem: leak check failed at shutdown:");
            leaks.forEach(l -> err.println("  " + l));
            err.flush();
            return status == 0 ? LEAKED : status;
        }
        return status;
    }

    /** The main process and the --spawn ones, each as argv. */
    private List<List<String>> processes() {
        List<List<String>> procs = new ArrayList<>();
        List<String> main = new ArrayList<>();
        main.add(program);
        main.addAll(args);
        procs.add(main);
        for (String s : spawn) {
            if (s.isBlank()) {
                throw new UserError(2, "--spawn: empty program");
            }
            procs.add(List.of(s.trim().split("\\s+")));
        }
        return procs;
    }

    private int runJava() {
        if (program == null) {
            throw new UserError(2, "run --java: missing PROGRAM (see 'vexmem run --java list')");
        }
        if (program.equals("list")) {
            for (String n : JavaGuests.names()) {
                out.println(n);
            }
            out.flush();
            return 0;
        }
        List<HostMount> hostMounts = HostMount.parseAll(mounts);
        List<List<String>> procs = processes();
        for (List<String> p : procs) {
            if (JavaGuests.create(p.get(0)).isEmpty()) {
                err.println("vexmem: " + p.get(0) + ": no such Java guest (see 'vexmem run --java list')");
                err.flush();
                return NOT_FOUND;
            }
        }
        KernelOptions options = Boards.kernelOptions(kernel);
        Board b = Boards.load(board);
        Demo job = new Demo(program, "-", "vexmem run", procs, List.of());
        List<ProcessResult> results;
        Kernel k = DemoRunner.bootWithConsole(b, options, err, quiet);
        RunExtras extras = new RunExtras(k, this);
        try (SyscallTracer tracer = trace == null ? null : Tracing.open(trace)) {
            if (tracer != null) {
                k.syscalls().addObserver(new TracingObserver(tracer));
            }
            HostMount.mountAll(k, hostMounts);
            results = new JavaDemoBackend().run(k, job, out, err);
            extras.end(err);
        } catch (RuntimeException e) {
            extras.end(err);
            k.shutdown();
            k.close();
            throw e;
        }
        return finish(k, exitStatus(results));
    }

    /** main's status; with spawned processes, the first non-zero status in start order. */
    static int exitStatus(List<ProcessResult> results) {
        for (ProcessResult r : results) {
            if (r.status() != 0) {
                return r.status();
            }
        }
        return 0;
    }
}
