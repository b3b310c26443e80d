package vexmem.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vexmem.e2e.Cli.Result;

/** vexmem run --mount HOST:GUEST with an ARM guest (e2e_tool cat/put/fsops). */
class MountTest {
    @TempDir
    Path host;

    @Test
    void guestReadsAHostFileAndWritesOneBack() throws Exception {
        Files.writeString(host.resolve("in.txt"), "written on the host\n");
        String mount = host + ":/mnt/host";
        Result r = Cli.run("run", "--quiet", "--mount", mount, Cli.TOOL, "cat", "/mnt/host/in.txt");
        assertEquals(0, r.rc(), r::toString);
        assertEquals("written on the host\n", r.out());
        r = Cli.run("run", "--quiet", "--mount", mount, Cli.TOOL, "put", "/mnt/host/out.txt", "written by the guest");
        assertEquals(0, r.rc(), r::toString);
        assertEquals("written by the guest", Files.readString(host.resolve("out.txt")));
    }

    @Test
    void fileOperationsThroughTheMount() throws Exception {
        Result r = Cli.run("run", "--quiet", "--mount", host + ":/data", Cli.TOOL, "fsops", "/data");
        assertEquals(0, r.rc(), r::toString);
        assertTrue(r.out().endsWith("fsops done, 0 failures\n"), r::toString);
        assertFalse(Files.exists(host.resolve("sub")), "the guest removed what it made");
    }

    @Test
    void withoutMountNoHostFileIsVisible() throws Exception {
        Files.writeString(host.resolve("in.txt"), "x");
        for (String p : new String[] {"/etc/passwd", host.resolve("in.txt").toString(), "/mnt/host/in.txt"}) {
            Result r = Cli.run("run", "--quiet", Cli.TOOL, "cat", p);
            assertEquals(3, r.rc(), r::toString);
            assertEquals("open " + p + ": No such file or directory\n", r.out());
        }
        // nor through ".." from a mount
        Result r = Cli.run("run", "--quiet", "--mount", host + ":/mnt/host", Cli.TOOL, "cat", "/mnt/host/../../etc/passwd");
        assertEquals(3, r.rc(), r::toString);
    }

    @Test
    void mountOverTmpKeepsSocketsWorking() {
        Result r = Cli.run("run", "--quiet", "--mount", host + ":/tmp", "dmabuf_share_service", "--spawn", "dmabuf_share_client");
        assertEquals(0, r.rc(), r::toString);
        assertTrue(r.out().contains("service buffer data: 1234"), r::toString);
    }

    @Test
    void badMountSpecsAreOneLineExitTwo() {
        String[][] cases = {
            {"no-colon", "expected HOST:GUEST"},
            {host + ":", "expected HOST:GUEST"},
            {host + ":relative", "must be absolute"},
            {host.resolve("missing") + ":/mnt", "no such host directory"},
            {host + ":/", "root directory"},
            {host + ":/dev", "cannot mount at /dev: EBUSY"},
        };
        for (String[] c : cases) {
            Result r = Cli.run("run", "--quiet", "--mount", c[0], "hello");
            assertEquals(2, r.rc(), () -> c[0] + ": " + r);
            assertEquals(1, r.err().lines().count(), () -> c[0] + ": " + r);
            assertTrue(r.err().startsWith("vexmem: --mount ") && r.err().contains(c[1]), () -> c[0] + ": " + r);
            assertEquals("", r.out());
        }
    }

    @Test
    void javaGuestsAcceptMounts() {
        Result r = Cli.run("run", "--java", "--quiet", "--mount", host + ":/mnt/host", "ion_alloc_demo");
        assertEquals(0, r.rc(), r::toString);
        r = Cli.run("run", "--java", "--quiet", "--mount", "nocolon", "ion_alloc_demo");
        assertEquals(2, r.rc(), r::toString);
    }
}
