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
    private final String manifestPath;
    private final String binDir;
    private final String srcDir;

    /** @param guestProgramsDir the {@code guest-programs/} directory */
    public BinaryManifest(Path guestProgramsDir) {
        this(guestProgramsDir, "bin", "src");
    }

    /**
     * A manifest at {@code BASE/BINDIR/MANIFEST.sha256} whose paths are relative to BASE, for the
     * programs {@code BASE/SRCDIR/*.c} built into {@code BASE/BINDIR/}.
     */
    public BinaryManifest(Path base, String binDir, String srcDir) {
        this.dir = base;
        this.binDir = binDir;
        this.srcDir = srcDir;
        this.manifestPath = binDir + "/MANIFEST.sha256";
    }

    /** Problems found, one line each naming the file; empty when everything matches. */
    public List<String> problems() throws IOException {
        List<String> out = new ArrayList<>();
        Path manifest = dir.resolve(manifestPath);
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
                out.add("changed " + f[1] + " (rebuild the binaries built from it)");
            }
        }
        if (entries == 0) {
            out.add("manifest lists no files");
        }
        try (Stream<Path> srcs = Files.list(dir.resolve(srcDir))) {
            for (Path s : srcs.filter(p -> p.toString().endsWith(".c")).sorted().toList()) {
                String name = s.getFileName().toString().replaceFirst("\\.c$", "");
                if (!built.contains(binDir + "/" + name)) {
                    out.add("not built: " + srcDir + "/" + name + ".c has no " + binDir + "/" + name + " in the manifest");
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
