package vexmem.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks the committed guest binaries against {@code bin/MANIFEST.sha256}: every binary and every
 * source or header it was built from must still have its recorded hash, and every program source must
 * have a binary. Users run the binaries without a cross compiler, so a stale one must be caught here.
 */
public final class BinaryManifest {
    private final Path dir;

    /** @param guestProgramsDir the {@code guest-programs/} directory */
    public BinaryManifest(Path guestProgramsDir) {
        this.dir = guestProgramsDir;
    }

    /** Problems found, one line each naming the file; empty when everything matches. */
    public List<String> problems() throws IOException {
        List<String> out = new ArrayList<>();
        Path manifest = dir.resolve("bin/MANIFEST.sha256");
        if (!Files.isRegularFile(manifest)) {
            return List.of("missing " + manifest);
        }
        List<String> built = new ArrayList<>();
        int entries = 0;
        for (String line : Files.readAllLines(manifest)) {
            if (line.startsWith("# binary: ")) {
                built.add(line.substring("# binary: ".length()).trim());
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+", 2);
            if (f.length != 2) {
                out.add("malformed manifest line: " + line);
                continue;
            }
            entries++;
            Path p = dir.resolve(f[1]);
            if (!Files.isRegularFile(p)) {
                out.add("missing " + f[1]);
            } else if (!sha256(p).equals(f[0])) {
                out.add("changed " + f[1] + " (rebuild with 'make -C guest-programs')");
            }
        }
        if (entries == 0) {
            out.add("manifest lists no files");
        }
        try (Stream<Path> srcs = Files.list(dir.resolve("src"))) {
            for (Path s : srcs.filter(p -> p.toString().endsWith(".c")).sorted().toList()) {
                String name = s.getFileName().toString().replaceFirst("\\.c$", "");
                if (!built.contains("bin/" + name)) {
                    out.add("not built: src/" + name + ".c has no bin/" + name + " in the manifest");
                }
            }
        }
        return out;
    }

    static String sha256(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
