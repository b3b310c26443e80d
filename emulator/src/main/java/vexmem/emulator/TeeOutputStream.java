package vexmem.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes a process's output through to the console while keeping a copy for judging the run. */
final class TeeOutputStream extends OutputStream {
    private final OutputStream console;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    TeeOutputStream(OutputStream console) {
        this.console = console;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        synchronized (console) {
            console.write(b, off, len);
            console.flush();
        }
        copy.write(b, off, len);
    }

    String captured() {
        return copy.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
