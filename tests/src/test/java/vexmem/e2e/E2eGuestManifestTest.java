package vexmem.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.guest.BinaryManifest;

/** The end-to-end tests' committed ARM guest still matches its source (guest-src/build.sh). */
class E2eGuestManifestTest {
    @Test
    void committedGuestMatchesItsSource() throws Exception {
        assertEquals(List.of(), new BinaryManifest(Path.of("src/test"), "resources/guest", "guest-src").problems());
    }
}
