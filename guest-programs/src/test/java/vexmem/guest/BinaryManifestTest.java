package vexmem.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryManifestTest {
    /** Maven runs tests with the module directory as the working directory. */
    private static final Path GUEST = Path.of("").toAbsolutePath();

    @Test
    void committedBinariesMatchTheirSources() throws IOException {
        assertEquals(List.of(), new BinaryManifest(GUEST).problems());
    }

    @Test
    void aSourceEditedWithoutRebuildIsNamed(@TempDir Path tmp) throws IOException {
        copyTree(GUEST, tmp);
        Path src = tmp.resolve("src/vion_test.c");
        Files.writeString(src, Files.readString(src) + "\n/* edited */\n");
        List<String> problems = new BinaryManifest(tmp).problems();
        assertEquals(List.of("changed src/vion_test.c (rebuild the binaries built from it)"), problems);
    }

    @Test
    void aProgramWithoutBinaryIsNamed(@TempDir Path tmp) throws IOException {
        copyTree(GUEST, tmp);
        Files.writeString(tmp.resolve("src/new_demo.c"), "int main(void){return 0;}\n");
        assertTrue(new BinaryManifest(tmp).problems().contains(
                "not built: src/new_demo.c has no bin/new_demo in the manifest"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (String sub : List.of("src", "include", "bin")) {
            try (Stream<Path> s = Files.walk(from.resolve(sub))) {
                for (Path p : s.toList()) {
                    Path dst = to.resolve(from.relativize(p));
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dst);
                    } else {
                        Files.copy(p, dst, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
