package vexmem.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Kernel;

class HelloTest {
    @Test
    void helloWorldPrintfMalloc() {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            emu.spawn(TestKernels.guest("hello"), List.of("hello", "x", "3"), Stdio.of(out, err));
            Emulator.ExitStatuses st = emu.runAll();
            String o = out.toString(StandardCharsets.UTF_8);
            System.out.println(o + err + k.log().lines());
            assertTrue(o.startsWith("hello from hello, argc=3, heap ok\narg1=x\narg2=3\nvfp 13.9698\nHOME=/\n"), o);
            assertEquals("to stderr\n", err.toString(StandardCharsets.UTF_8));
            assertEquals(3, st.status());
        }
    }
}
