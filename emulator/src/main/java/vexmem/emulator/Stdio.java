package vexmem.emulator;

import java.io.InputStream;
import java.io.OutputStream;

/** Where a spawned process's fds 0, 1 and 2 go. */
public record Stdio(InputStream in, OutputStream out, OutputStream err) {
    public static Stdio inherit() {
        return new Stdio(System.in, System.out, System.err);
    }

    public static Stdio of(OutputStream out, OutputStream err) {
        return new Stdio(InputStream.nullInputStream(), out, err);
    }
}
