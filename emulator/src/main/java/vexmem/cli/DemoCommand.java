package vexmem.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** vexmem demo: the documents' nine demos on one board, with the kernel log and a summary table. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the documents' nine demos (ARM binaries, or Java ports with --java) and summarise.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--java", description = "run the Java ports instead of the ARM binaries")
    boolean java;

    @Option(names = "--board", paramLabel = "FILE", description = "board device tree (.json, .dtb, .dts)")
    Path board;

    @Option(names = "--kernel", paramLabel = "V", description = "kernel generation (default: ${DEFAULT-VALUE})")
    String kernel = "4.9";

    @Option(names = "--quiet", description = "do not print the kernel log")
    boolean quiet;

    @Override
    public Integer call() {
        System.err.println("vexmem demo: not available yet");
        return 2;
    }
}
