package vexmem.devicetree.io;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtParseException;

/**
 * Reads dtc source by compiling it with the system's dtc (device-tree-compiler) to a blob and parsing
 * that; the dts grammar (includes, /delete-node/, expressions) is dtc's job, not ours.
 */
public final class DtsReader {
    private final String searchPath;

    /** Looks dtc up on the PATH of this process. */
    public DtsReader() {
        this(System.getenv().getOrDefault("PATH", ""));
    }

    /** Looks dtc up on the given PATH-style list (tests use this to simulate a missing dtc). */
    public DtsReader(String searchPath) {
        this.searchPath = searchPath;
    }

    /** The dtc executable, if installed. */
    public Optional<Path> dtc() {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "dtc");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public DeviceTree read(Path file) throws DtParseException {
        Path dtc = dtc().orElseThrow(() -> new DtParseException(
                file + ": dtc not found on PATH: install device-tree-compiler to read .dts files"));
        if (!Files.isReadable(file)) {
            throw new DtParseException(file + ": cannot read: no such file or not readable");
        }
        Path out = null;
        try {
            out = Files.createTempFile("vexmem-dts", ".dtb");
            Process p = new ProcessBuilder(dtc.toString(), "-q", "-I", "dts", "-O", "dtb", "-o", out.toString(),
                    file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DtParseException(file + ": dtc did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new DtParseException(dtcError(file, new String(err, StandardCharsets.UTF_8)));
            }
            DeviceTree compiled = new DtbReader().parse(Files.readAllBytes(out), file.toString());
            return new DeviceTree(compiled.root(), compiled.memReserves(), file.toString());
        } catch (IOException e) {
            throw new DtParseException(file + ": running dtc failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DtParseException(file + ": interrupted while running dtc", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a stale temp file is harmless
                }
            }
        }
    }

    /** dtc's first error line, which already carries file:line.column ("Error: x.dts:3.1-5 syntax error"). */
    static String dtcError(Path file, String stderr) {
        String first = stderr.lines().filter(l -> l.startsWith("Error") || l.startsWith("ERROR") || l.startsWith("FATAL"))
                .findFirst().orElse(stderr.lines().findFirst().orElse("dtc failed"));
        if (first.startsWith("Error: ")) {
            String rest = first.substring("Error: ".length());
            return rest.startsWith(file.toString()) ? rest : file + ": " + rest;
        }
        return file + ": dtc: " + first;
    }
}
