package vexmem.emulator;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the binary a user names: a path as given, or, for a bare name that is not a file here, the
 * committed guest program of that name in {@code guest-programs/bin} under the vexmem home.
 */
public final class GuestBinaries {
    private GuestBinaries() {
    }

    /** The vexmem installation directory (the launcher passes -Dvexmem.home), else the working directory. */
    public static Path home() {
        String h = System.getProperty("vexmem.home");
        return h == null ? Path.of("").toAbsolutePath() : Path.of(h);
    }

    public static Path binDir() {
        return home().resolve("guest-programs/bin");
    }

    /** The file to load for {@code program}; ExecException 127 naming it when there is none. */
    public static Path resolve(String program) {
        Path p = Path.of(program);
        if (Files.exists(p)) {
            return p;
        }
        if (!program.contains("/")) {
            Path shipped = binDir().resolve(program);
            if (Files.isRegularFile(shipped)) {
                return shipped;
            }
        }
        throw new ExecException(ExecException.NOT_FOUND, program + ": No such file or directory");
    }
}
