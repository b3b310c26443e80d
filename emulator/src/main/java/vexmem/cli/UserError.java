package vexmem.cli;

/** A problem with what the user asked for: printed as one line, with its own exit code. */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
