package vexmem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vexmem.board.Board;
import vexmem.guest.DemoRunner;
import vexmem.kernel.Kernel;
import vexmem.kernel.scenario.Scenario;
import vexmem.kernel.scenario.ScenarioReplayer;

/** vexmem replay FILE: re-executes a scenario on a fresh board with the kernel model only (no CPU). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a scenario (recorded with 'vexmem run --record', or written by hand) against a fresh board"
                + " with the kernel model only, checking every result and every byte handed back to user space.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:faithful: every step matched", "1:divergence (reported with the step), or a leak at shutdown",
            "2:unreadable or malformed scenario, or a recording replay cannot run without a CPU (execve, sigreturn)"})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "scenario JSON (docs/scenario-format.md)")
    Path file;

    @Option(names = "--board", paramLabel = "FILE", description = "board (default: the scenario's \"board\", else the default board)")
    Path board;

    @Option(names = "--svg", paramLabel = "OUT", description = "draw physical memory at peak use and at the end of the replay")
    Path svg;

    @Option(names = "--quiet", description = "do not print the kernel log")
    boolean quiet = true;

    @Option(names = "--log", description = "print the kernel log while replaying")
    boolean log;

    @Option(names = "--guest-output", description = "show what the replayed processes write to stdout/stderr")
    boolean guestOutput;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        JsonNode sc;
        try {
            sc = Scenario.read(file);
        } catch (Scenario.Malformed e) {
            err.println("vexmem replay: " + e.getMessage());
            return 2;
        }
        Board b = Boards.load(boardFor(sc));
        Kernel k = DemoRunner.bootWithConsole(b, Boards.kernelOptions(sc.path("kernel").asText("4.9")), err, !log);
        ScenarioReplayer.Outcome o;
        vexmem.kernel.inspect.PeakTracker peak = svg == null ? null : new vexmem.kernel.inspect.PeakTracker(k).attach();
        try {
            ScenarioReplayer r = new ScenarioReplayer(k, sc, file.toString());
            if (guestOutput) {
                r.guestOutput(out);
            }
            o = r.run();
            if (peak != null) {
                peak.detach();
                Svg.write(k, svg, peak.peak(), "vexmem replay " + file.getFileName());
            }
        } catch (Scenario.Malformed e) {
            k.shutdown();
            k.close();
            err.println("vexmem replay: " + e.getMessage());
            return 2;
        }
        List<String> leaks = k.shutdown();
        k.close();
        if (o.divergence() != null) {
            err.println("vexmem replay: " + file + ": " + o.divergence().format());
            return 1;
        }
        if (!leaks.isEmpty()) {
            err.println("vexmem replay: " + file + ": leak check failed at shutdown:");
            leaks.forEach(l -> err.println("  " + l));
            return 1;
        }
        out.println("replay: " + file + ": " + o.steps() + " steps, faithful");
        return 0;
    }

    private Path boardFor(JsonNode sc) {
        if (board != null) {
            return board;
        }
        String named = sc.path("board").asText(null);
        if (named == null) {
            return null;
        }
        Path p = Path.of(named);
        for (Path c : new Path[] {p, file.toAbsolutePath().getParent().resolve(named),
            Path.of(System.getProperty("vexmem.home", ".")).resolve(named)}) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        throw new UserError(2, "replay: " + file + ": $.board: no such file " + named);
    }
}
