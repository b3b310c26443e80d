package vexmem.kernel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Errno;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.testing.Rig;

/** execve of "#!" scripts (binfmt_script): the errors decided before any image is loaded. */
class ScriptExecTest {
    static final int O_WRONLY = 1, O_CREAT = 0100;

    static long sys(Task t, int nr, long... a) {
        return t.kernel().syscalls().dispatch(t, nr, SyscallArgs.of(a));
    }

    static long str(Task t, long at, String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        t.mm().copyToUser(at, b);
        return at;
    }

    static void file(Task t, long scratch, String path, String text, int mode) {
        int fd = (int) sys(t, Nr.open, str(t, scratch, path), O_WRONLY | O_CREAT, mode);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        t.mm().copyToUser(scratch + 512, b);
        assertEquals(b.length, sys(t, Nr.write, fd, scratch + 512, b.length));
        sys(t, Nr.close, fd);
    }

    @Test
    void scriptErrors() {
        try (Rig rig = new Rig()) {
            ThreadGroupTest.fakeCpu(rig);
            Task p = rig.task("p");
            long m = Rig.scratch(p, 8192);
            file(p, m, "/tmp/loop.sh", "#!/tmp/loop.sh\n", 0755);
            file(p, m, "/tmp/empty.sh", "#!  \t \nrest\n", 0755);
            file(p, m, "/tmp/data", "not a program\n", 0644);
            file(p, m, "/tmp/viadata.sh", "#!/tmp/data\n", 0755);
            file(p, m, "/tmp/missing.sh", "#!/no/such/interpreter -x\n", 0755);
            long path = m + 4096;
            assertEquals(-Errno.ELOOP, sys(p, Nr.execve, str(p, path, "/tmp/loop.sh"), 0, 0), "a script interpreting itself");
            assertEquals(-Errno.ENOEXEC, sys(p, Nr.execve, str(p, path, "/tmp/empty.sh"), 0, 0), "no interpreter named");
            assertEquals(-Errno.EACCES, sys(p, Nr.execve, str(p, path, "/tmp/viadata.sh"), 0, 0), "interpreter not executable");
            assertEquals(-Errno.ENOENT, sys(p, Nr.execve, str(p, path, "/tmp/missing.sh"), 0, 0));
            assertEquals("p", p.comm(), "nothing changed: every error came before the point of no return");
            p.exit(0);
        }
    }
}
