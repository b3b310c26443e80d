package vexmem.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** vexmem run: one or more guest processes (static ARM binaries or Java guests) on one board. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a static ARM Linux binary (or a Java guest with --java) on the board.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--board", paramLabel = "FILE", description = "board device tree (.json, .dtb, .dts)")
    Path board;

    @Option(names = "--kernel", paramLabel = "V", description = "kernel generation (default: ${DEFAULT-VALUE})")
    String kernel = "4.9";

    @Option(names = "--trace", arity = "0..1", paramLabel = "FILE", fallbackValue = "-",
            description = "print one line per system call (to stderr, or to FILE)")
    String trace;

    @Option(names = "--record", paramLabel = "FILE", description = "record the run as a scenario")
    Path record;

    @Option(names = "--spawn", paramLabel = "\"PROGRAM ARGS\"",
            description = "start one more guest process after the main one (repeatable)")
    List<String> spawn = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "HOST:GUEST", description = "make a host directory visible to guests")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--java", description = "PROGRAM names a Java guest (see 'vexmem run --java list')")
    boolean java;

    @Option(names = "--quiet", description = "do not print the kernel log")
    boolean quiet;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        System.err.println("vexmem run: not available yet");
        return 2;
    }
}
