package vexmem.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the default board lives: $vexmem.home/boards/vexpress-a9.json, else ./boards/. */
final class BoardOption {
    static final String DEFAULT_BOARD = "boards/vexpress-a9.json";

    private BoardOption() {
    }

    static Path home() {
        String h = System.getProperty("vexmem.home");
        return h == null ? Path.of("").toAbsolutePath() : Path.of(h);
    }

    /** The board file the user named, or the default board; a missing file is a one-line error. */
    static Path resolve(Path given) {
        Path p = given != null ? given : home().resolve(DEFAULT_BOARD);
        if (!Files.isReadable(p)) {
            throw new UserError(2, p + ": no such board file");
        }
        return p;
    }
}
