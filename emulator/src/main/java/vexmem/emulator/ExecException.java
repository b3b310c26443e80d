package vexmem.emulator;

/** exec failed before the program ran: the shell's 126 (cannot execute) or 127 (not found). */
public final class ExecException extends RuntimeException {
    public static final int CANNOT_EXECUTE = 126, NOT_FOUND = 127;

    private final int exitCode;

    public ExecException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
