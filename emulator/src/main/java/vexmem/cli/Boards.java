package vexmem.cli;

import java.nio.file.Path;
import vexmem.board.Board;
import vexmem.board.BoardBuilder;
import vexmem.board.BoardException;
import vexmem.devicetree.DtParseException;
import vexmem.devicetree.io.DeviceTrees;
import vexmem.kernel.KernelOptions;

/** Board and kernel options for the commands that boot a kernel; problems are one-line UserErrors (exit 2). */
final class Boards {
    static final String SUPPORTED_KERNEL = "4.9";

    private Boards() {
    }

    /** The named board file (or the default board), read and built. */
    static Board load(Path given) {
        Path file = BoardOption.resolve(given);
        try {
            return BoardBuilder.build(DeviceTrees.read(file));
        } catch (DtParseException | BoardException e) {
            throw new UserError(2, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UserError(2, file + ": " + e.getCause().getMessage());
        }
    }

    /** KernelOptions for --kernel; only 4.9 is modelled so far. */
    static KernelOptions kernelOptions(String version) {
        if (!SUPPORTED_KERNEL.equals(version)) {
            throw new UserError(2, "--kernel " + version + ": not supported (only " + SUPPORTED_KERNEL + " for now)");
        }
        return new KernelOptions(version);
    }
}
