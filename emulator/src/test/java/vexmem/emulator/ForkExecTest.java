package vexmem.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.HostFs;
import vexmem.kernel.fs.Vfs;

/** fork, vfork, clone (processes), wait4 and execve of ARM guests; every run ends with the kernel's leak check. */
class ForkExecTest {
    private static String run(Kernel k, Path elf, int expectStatus, String... argv) {
        Emulator emu = new Emulator(k);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        emu.spawn(elf, List.of(argv), Stdio.of(out, err));
        assertEquals(expectStatus, emu.runAll().status(), () -> out + "\n" + err + "\n" + k.log().lines());
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void forkWaitVforkAndSharedDmaBuf() {
        long freeBefore;
        String out;
        try (Kernel k = TestKernels.boot()) {
            freeBefore = k.pageAllocator().freePageCount();
            out = run(k, TestKernels.guest("forkwait"), 0, "forkwait");
            assertEquals(freeBefore, k.pageAllocator().freePageCount(), "child copies freed");
            assertEquals(1, k.tasks().all().size(), "every child reaped, only the main process left: " + k.tasks().all());
        } // close(): leak check (pages, dma-bufs, files)
        assertTrue(out.contains("child: pid ok, ppid ok 1, var 42\n"), out);
        assertTrue(out.contains("parent: wait4 ok, exited 1, status 7, var 1, rusage 0\n"), out);
        assertTrue(out.contains("dma-buf after child: \"before\" \"written by the child\" anon \"anon by the child\"\n"), out);
        assertTrue(out.contains("killed: nohang 0, signaled 1, termsig 15\n"), out);
        assertTrue(out.contains("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER} ---\n+++ killed by SIGTERM +++\n"), out);
        assertTrue(out.contains("vfork: status 3, memory shared 5\n"), out);
        assertTrue(out.contains("wait without children: -1 ECHILD\n"), out);
    }

    @Test
    void execveThroughAMount(@TempDir Path dir) throws Exception {
        Files.copy(TestKernels.guest("showargs"), dir.resolve("showargs"));
        Files.writeString(dir.resolve("garbage.bin"), "echo hi\n");
        Files.writeString(dir.resolve("nointerp.sh"), "#!/bin/sh\necho hi\n");
        Files.writeString(dir.resolve("script.sh"), "#!  /mnt/showargs   -x  y \t\nignored\n");
        for (String x : new String[] {"garbage.bin", "nointerp.sh", "script.sh"}) {
            Files.setPosixFilePermissions(dir.resolve(x), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(dir.resolve("noexec.txt"), "text\n");
        Files.setPosixFilePermissions(dir.resolve("noexec.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        String out;
        try (Kernel k = TestKernels.boot()) {
            k.service(Vfs.class).mount("/mnt", new HostFs(dir).rootInode());
            out = run(k, TestKernels.guest("execer"), 0, "execer", "/mnt");
        }
        assertEquals("""
                missing: -1 No such file or directory
                directory: -1 Permission denied
                not executable: -1 Permission denied
                not ELF: -1 Exec format error
                missing interpreter: -1 No such file or directory
                huge argument: -1 Argument list too long
                bad path pointer: -1 Bad address
                fds 3 4
                showargs: argc 3 [showargs] [one] [two words]
                showargs: FOO=bar fd3 closed fd4 open exe /mnt/showargs
                fork+execve: status 5
                showargs: argc 1 [vforked]
                showargs: FOO=bar fd3 closed fd4 open exe /mnt/showargs
                vfork+execve: status 5
                showargs: argc 5 [/mnt/showargs] [-x  y] [/mnt/script.sh] [one] [two words]
                showargs: FOO=bar fd3 closed fd4 open exe /mnt/showargs
                script: status 5
                """, out);
    }

    @Test
    void posixSpawnRunsInTheParentsMemoryUntilExec(@TempDir Path dir) throws Exception {
        Files.copy(TestKernels.guest("showargs"), dir.resolve("showargs"));
        String out;
        try (Kernel k = TestKernels.boot()) {
            k.service(Vfs.class).mount("/mnt", new HostFs(dir).rootInode());
            out = run(k, TestKernels.guest("spawner"), 0, "spawner", "/mnt/showargs");
        }
        assertTrue(out.contains("showargs: argc 2 [showargs] [spawned]\n"), out);
        assertTrue(out.contains("posix_spawn: 0 Success status 5\n"), out);
        // the child's execve error reaches the parent through the shared memory, as on Linux
        assertTrue(out.contains("posix_spawn missing: 2 No such file or directory status 0\n"), out);
    }

    @Test
    void childrenDoNotChangeTheRunStatus() {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            emu.spawn(TestKernels.guest("forkwait"), List.of("forkwait"), Stdio.of(new ByteArrayOutputStream(),
                    new ByteArrayOutputStream()));
            Emulator.ExitStatuses st = emu.runAll();
            assertEquals(0, st.status());
            assertEquals(1, st.byPid().size());
            assertEquals(4, emu.forkedProcesses().size());
        }
    }
}
