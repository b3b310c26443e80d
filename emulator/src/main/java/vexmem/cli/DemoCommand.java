package vexmem.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vexmem.board.Board;
import vexmem.guest.Demo;
import vexmem.guest.DemoBackend;
import vexmem.guest.DemoCatalog;
import vexmem.guest.DemoRunner;
import vexmem.emulator.ArmDemoBackend;
import vexmem.emulator.SyscallTracer;
import vexmem.emulator.TracingObserver;
import vexmem.guest.JavaDemoBackend;
import vexmem.kernel.KernelOptions;

/** vexmem demo: the documents' nine demos on one board, with the kernel log and a summary table. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the documents' nine demos (ARM binaries, or Java ports with --java) and summarise.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every demo passed", "1:a demo failed", "2:bad arguments or unreadable board"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--java", description = "run the Java ports instead of the ARM binaries")
    boolean java;

    @Option(names = "--board", paramLabel = "FILE", description = "board device tree (.json, .dtb, .dts)")
    Path board;

    @Option(names = "--kernel", paramLabel = "V", description = "kernel generation (default: ${DEFAULT-VALUE})")
    String kernel = "4.9";

    @Option(names = "--quiet", description = "do not print the kernel log")
    boolean quiet;

    @Parameters(arity = "0..*", paramLabel = "DEMO", description = "demo ids to run (default: all nine)")
    List<String> ids = new ArrayList<>();

    /** Where guest output, headers and the summary go (tests replace these). */
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Option(names = "--trace", arity = "0..1", paramLabel = "FILE", fallbackValue = "-",
            preprocessor = AttachedValueOnly.class,
            description = "print one line per system call of the guests (to stderr, or to FILE)")
    String trace;

    /** Java guests have no CPU back end to trace from: their calls are traced at the kernel's dispatch. */
    private static DemoBackend traced(DemoBackend inner, SyscallTracer tracer) {
        if (tracer == null) {
            return inner;
        }
        return new DemoBackend() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public java.util.List<vexmem.guest.ProcessResult> run(vexmem.kernel.Kernel k, Demo demo,
                    PrintStream stdout, PrintStream stderr) throws Exception {
                k.syscalls().addObserver(new TracingObserver(tracer));
                return inner.run(k, demo, stdout, stderr);
            }
        };
    }

    @Override
    public Integer call() {
        KernelOptions options = Boards.kernelOptions(kernel);
        List<Demo> demos = new ArrayList<>();
        for (String id : ids) {
            demos.add(DemoCatalog.byId(id).orElseThrow(() -> new UserError(2, id + ": no such demo (one of "
                    + String.join(", ", DemoCatalog.ALL.stream().map(Demo::id).toList()) + ")")));
        }
        if (demos.isEmpty()) {
            demos = DemoCatalog.ALL;
        }
        Board b = Boards.load(board);
        try (SyscallTracer tracer = trace == null ? null : Tracing.open(trace)) {
            DemoBackend backend = java ? traced(new JavaDemoBackend(), tracer) : new ArmDemoBackend(tracer);
            DemoRunner runner = new DemoRunner(b, options, backend, out, err, quiet);
            return DemoRunner.exitCode(runner.runAll(demos));
        }
    }
}
