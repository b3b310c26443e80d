package vexmem.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.guest.BinaryManifest;

/** The emulator's committed test guests still match the sources they were built from (c/Makefile). */
class TestGuestManifestTest {
    @Test
    void committedTestGuestsMatchTheirSources() throws Exception {
        assertEquals(List.of(), new BinaryManifest(Path.of("src/test"), "resources/guest", "c").problems());
    }
}
