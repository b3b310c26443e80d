package vexmem.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import vexmem.kernel.Kernel;
import vexmem.kernel.inspect.PhysMapSnapshot;
import vexmem.kernel.inspect.PhysMapSvg;

/** --svg OUT for run and replay: the peak snapshot and the end of the run, in one picture. */
final class Svg {
    private Svg() {
    }

    static void write(Kernel k, Path out, PhysMapSnapshot peak, String what) {
        PhysMapSnapshot end = PhysMapSnapshot.take(k, "end of run (before shutdown)");
        String svg = PhysMapSvg.render(what + " on " + k.board().model(), List.of(peak, end));
        try {
            Files.writeString(out, svg);
        } catch (IOException e) {
            throw new UserError(2, "--svg: cannot write " + out + ": " + e.getMessage());
        }
    }
}
