package vexmem.kernel.ion;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.OpenFlags;
import vexmem.kernel.task.Task;
import vexmem.kernel.testing.Rig;

/** heaps/&lt;heap&gt;_shrink: every heap with a shrinker (DEFER_FREE or ops->shrink) gets one in 4.9. */
class IonShrinkDebugFsTest {
    private static void write(Rig r, Task t, String path, String text) {
        File f = r.open(t, "/sys/kernel/debug/ion/heaps/" + path, OpenFlags.O_WRONLY);
        long buf = Rig.scratch(t, 4096);
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        t.mm().copyToUser(buf, b);
        f.ops().write(t, f, buf, b.length);
        f.put();
    }

    @Test
    void deferFreeHeapsHaveShrinkFilesOthersDoNot() {
        try (Rig r = new Rig()) {
            assertEquals("0\n", r.debugfs("ion/heaps/carveout_shrink"));
            assertEquals("0\n", r.debugfs("ion/heaps/chunk_shrink"));
            assertNotNull(r.debugfs("ion/heaps/system_shrink"));
            assertNull(r.debugfs("ion/heaps/system_contig_shrink"));
            assertNull(r.debugfs("ion/heaps/cma_shrink"));
        }
    }

    @Test
    void writesParseLikeSimpleStrtoll() {
        assertEquals(0, IonDebugFs.simpleStrtoll("abc"));
        assertEquals(16, IonDebugFs.simpleStrtoll("0x10\n"));
        assertEquals(8, IonDebugFs.simpleStrtoll("010"));
        assertEquals(0, IonDebugFs.simpleStrtoll("0x"));
        assertEquals(-5, IonDebugFs.simpleStrtoll("-5"));
        assertEquals(12, IonDebugFs.simpleStrtoll("12abc"));
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            IonDevice dev = r.k.service(IonDevice.class);
            IonClient c = dev.ionClientCreate("test");
            dev.ionFree(c, dev.ionAlloc(c, 3 * 4096, 0, 1, 0));
            assertEquals("3\n", r.debugfs("ion/heaps/system_shrink"));
            write(r, t, "system_shrink", "-1\n"); // negative to_scan frees nothing
            assertEquals("3\n", r.debugfs("ion/heaps/system_shrink"));
            write(r, t, "system_shrink", "1");
            assertEquals("2\n", r.debugfs("ion/heaps/system_shrink"));
            write(r, t, "system_shrink", "junk"); // parses as 0: scan everything counted
            assertEquals("0\n", r.debugfs("ion/heaps/system_shrink"));
            write(r, t, "carveout_shrink", "5");
            dev.ionClientDestroy(c);
            t.exit(0);
        }
    }
}
