package vexmem.emulator;

import java.io.InputStream;
import java.io.OutputStream;
import vexmem.kernel.fs.HostConsole;

/**
 * Where a spawned process's fds 0, 1 and 2 go, and what fstat should say they are (glibc line-buffers
 * stdout on a terminal and fully buffers it on a pipe or file).
 */
public record Stdio(InputStream in, OutputStream out, OutputStream err, HostConsole.Kind kind) {
    public static Stdio inherit() {
        return new Stdio(System.in, System.out, System.err,
                System.console() != null ? HostConsole.Kind.TTY : HostConsole.Kind.PIPE);
    }

    /** Captured output, as a pipe. */
    public static Stdio of(OutputStream out, OutputStream err) {
        return new Stdio(InputStream.nullInputStream(), out, err, HostConsole.Kind.PIPE);
    }
}
