package vexmem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** vexmem replay FILE: re-executes a recorded scenario without the CPU (scenario issue, not landed). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a recorded scenario against a fresh board (not available yet).")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "scenario JSON written by 'vexmem run --record'")
    String file;

    @Override
    public Integer call() {
        System.err.println("vexmem replay: not available yet: scenario record/replay has not landed (see issue 5)");
        return 2;
    }
}
