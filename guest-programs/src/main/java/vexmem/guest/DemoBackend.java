package vexmem.guest;

import java.io.PrintStream;
import java.util.List;
import vexmem.kernel.Kernel;

/**
 * Runs a demo's processes on a booted kernel: the first entry of {@link Demo#processes()} is the main
 * process, the others are started after it, all on the same board. Guest stdout/stderr go to the
 * given streams (as produced, or right after each process ends, in process order). Implemented by
 * {@link JavaDemoBackend} (Java ports) and by the ARM back end (binaries under Unicorn).
 */
public interface DemoBackend {
    /** A short name for headers ("java", "arm"). */
    String name();

    /** Runs every process of the demo to completion; results in start order. */
    List<ProcessResult> run(Kernel k, Demo demo, PrintStream stdout, PrintStream stderr) throws Exception;
}
