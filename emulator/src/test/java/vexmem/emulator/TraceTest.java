package vexmem.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Kernel;

class TraceTest {
    static String trace(String guest, boolean fakeIon) {
        try (Kernel k = TestKernels.boot()) {
            if (fakeIon) {
                k.syscalls().register(54, "ioctl", (cur, a) -> {
                    if (a.intArg(1) == 0xC0144900) {
                        cur.mm().putUserInt(a.arg(2) + 16, 7);
                        return 0;
                    }
                    return -25;
                });
            }
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream tr = new ByteArrayOutputStream();
            emu.setTracer(new SyscallTracer(new PrintStream(tr, true, StandardCharsets.UTF_8)));
            emu.spawn(TestKernels.guest(guest), List.of(guest, "x"), Stdio.of(new ByteArrayOutputStream(), new ByteArrayOutputStream()));
            emu.runAll();
            return tr.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void traceIsDeterministicAndStraceLike() {
        String a = trace("hello", false);
        String b = trace("hello", false);
        System.out.print(a);
        assertEquals(a, b);
        assertTrue(a.contains("100 set_tls(0x"), a);
        assertTrue(a.contains("100 write(1, \"hello from hello, argc=2, heap o\"..., 60) = 60\n"), a);
        assertTrue(a.contains("100 clock_gettime64(") || a.contains("100 brk(NULL) = 0x"), a);
        assertTrue(a.contains("= -1 ENOSYS (Function not implemented)"), a);
        assertTrue(a.endsWith("100 exit_group(0) = ?\n"), a);
    }

    @Test
    void ioctlStructsDecodedInAndOut() {
        String t = trace("ioctl", true);
        System.out.print(t);
        assertTrue(t.contains("100 ioctl(1, ION_IOC_ALLOC, {len=4096, align=4096, heap_id_mask=0x4, flags=0x1} => {handle=7}) = 0\n"), t);
        assertTrue(t.contains("100 openat(AT_FDCWD, \"/dev/ion\", O_RDWR|O_CLOEXEC")
                || t.contains("100 open(\"/dev/ion\", O_RDWR|O_CLOEXEC"), t);
    }
}
