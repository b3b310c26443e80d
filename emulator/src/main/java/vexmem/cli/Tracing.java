package vexmem.cli;

import java.io.IOException;
import vexmem.emulator.SyscallTracer;

/** --trace[=FILE]: "-" is stderr; a file that cannot be written is a one-line error. */
final class Tracing {
    private Tracing() {
    }

    static SyscallTracer open(String option) {
        try {
            return SyscallTracer.open(option);
        } catch (IOException e) {
            throw new UserError(2, "--trace=" + option + ": cannot write: " + e.getMessage());
        }
    }
}
