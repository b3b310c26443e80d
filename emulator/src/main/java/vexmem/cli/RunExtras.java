package vexmem.cli;

import java.io.IOException;
import java.io.PrintStream;
import vexmem.kernel.Kernel;
import vexmem.kernel.inspect.ExitDump;
import vexmem.kernel.inspect.PeakTracker;
import vexmem.kernel.scenario.Scenario;
import vexmem.kernel.scenario.ScenarioRecorder;

/** What {@code vexmem run} does besides running: --record. Started before the first process. */
final class RunExtras {
    private final RunCommand cmd;
    private final ScenarioRecorder recorder;
    private final PeakTracker peak;
    private final Kernel kernel;
    private final ExitDump dump;
    private boolean ended;

    RunExtras(Kernel k, RunCommand cmd) {
        this.cmd = cmd;
        this.kernel = k;
        this.dump = cmd.dump == null ? null : new ExitDump(k).attach();
        this.peak = cmd.svg == null ? null : new PeakTracker(k).attach();
        this.recorder = cmd.record == null ? null
                : new ScenarioRecorder(k, cmd.board == null ? null : cmd.board.toString()).attach();
    }

    /** After the last process (or a failure): writes the scenario. Idempotent. */
    void end(PrintStream err) {
        if (ended) {
            return;
        }
        ended = true;
        if (dump != null) {
            String text = dump.finish();
            if (cmd.dump.equals("-")) {
                cmd.out.print(text);
                cmd.out.flush();
            } else {
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(cmd.dump), text);
                } catch (IOException e) {
                    throw new UserError(2, "--dump: cannot write " + cmd.dump + ": " + e.getMessage());
                }
            }
        }
        if (peak != null) {
            peak.detach();
            Svg.write(kernel, cmd.svg, peak.peak(), "vexmem run " + (cmd.program == null ? "" : cmd.program));
        }
        if (recorder != null) {
            try {
                Scenario.write(recorder.finish(), cmd.record);
            } catch (IOException e) {
                throw new UserError(2, "--record: cannot write " + cmd.record + ": " + e.getMessage());
            }
        }
    }
}
