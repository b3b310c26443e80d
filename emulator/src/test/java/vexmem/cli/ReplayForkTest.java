package vexmem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vexmem.kernel.scenario.Scenario;

/** Recordings of guests that fork replay faithfully; execve and signal handlers get an honest exit 2. */
class ReplayForkTest extends CliTestBase {

    @TempDir
    Path dir;

    static String guest(String name) {
        return Path.of("src/test/resources/guest", name).toAbsolutePath().toString();
    }

    /** Runs one command with fresh output buffers. */
    private int cli(Object cmd, String... args) {
        out.reset();
        err.reset();
        cliErr.getBuffer().setLength(0);
        return exec(cmd, args);
    }


    @Test
    void forkwaitRecordsAndReplaysFaithfullyTwice() throws IOException {
        Path rec = dir.resolve("fork.json");
        assertEquals(0, cli(new RunCommand(), "--board", BOARD, "--quiet", "--record", rec.toString(), guest("forkwait")), this::err);
        JsonNode sc = Scenario.read(rec);
        // the children are the kernel's copies, marked with their parent; the SIGTERM'd one has an exit event
        assertEquals(100, sc.path("processes").path("forkwait.101").path("forked_by").asInt());
        boolean killed = false;
        for (JsonNode s : sc.path("steps")) {
            killed |= s.path("event").asText().equals("exit") && s.path("signal").asInt() == 15;
        }
        assertTrue(killed, "no exit event for the child killed by SIGTERM");
        for (int i = 0; i < 2; i++) {
            assertEquals(0, cli(new ReplayCommand(), rec.toString()), this::err);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("steps, faithful"));
        }
    }

    @Test
    void editedChildResultIsADivergenceOfTheChild() throws IOException {
        Path rec = dir.resolve("fork.json");
        assertEquals(0, cli(new RunCommand(), "--board", BOARD, "--quiet", "--record", rec.toString(), guest("forkwait")), this::err);
        String text = Files.readString(rec);
        int at = text.indexOf("\"call\" : \"getppid\"");
        int r = text.indexOf("\"result\" : 100", at);
        assertTrue(at > 0 && r > at, "no getppid step of a child");
        Files.writeString(rec, text.substring(0, r) + "\"result\" : 99" + text.substring(r + "\"result\" : 100".length()));
        assertEquals(1, cli(new ReplayCommand(), rec.toString()));
        assertTrue(err().contains("(process forkwait.101[101]): getppid") && err().contains("got:      result 100"), err());
    }

    @Test
    void execveRecordingStopsBeforeRunningWithExit2() throws IOException {
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Files.copy(Path.of(guest("showargs")), mnt.resolve("showargs"));
        Files.writeString(mnt.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(mnt.resolve("script.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(mnt.resolve("noexec.txt"), "text\n");
        Path rec = dir.resolve("exec.json");
        assertEquals(0, cli(new RunCommand(), "--board", BOARD, "--quiet", "--mount", mnt + ":/mnt", "--record", rec.toString(),
                guest("execer"), "/mnt"), this::err);
        assertEquals(2, cli(new ReplayCommand(), rec.toString()));
        String e = err().strip();
        assertFalse(e.contains("\n"), e);
        assertTrue(e.matches("vexmem replay: .*exec\\.json: step \\d+ \\(process execer\\.\\d+\\[\\d+\\]\\): execve"
                + " cannot be replayed without a CPU \\(recording limitation\\)"), e);
        assertFalse(e.contains("divergence"), e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sigs", "sigs_thumb"})
    void signalHandlerRecordingStopsBeforeRunningWithExit2(String name) throws IOException {
        Path rec = dir.resolve(name + ".json");
        cli(new RunCommand(), "--board", BOARD, "--quiet", "--record", rec.toString(), guest(name));
        assertTrue(Files.exists(rec), this::err);
        assertEquals(2, cli(new ReplayCommand(), rec.toString()));
        String e = err().strip();
        assertTrue(e.matches("vexmem replay: .*: step \\d+ \\(process " + name + "\\[100\\]\\): (rt_)?sigreturn"
                + " cannot be replayed without a CPU \\(recording limitation\\)"), e);
    }

    @Test
    void threadsWithoutContentionReplayAndAContendedFutexIsRefused() throws IOException {
        Path rec = dir.resolve("mainexit.json");
        assertEquals(0, cli(new RunCommand(), "--board", BOARD, "--quiet", "--record", rec.toString(), guest("threads"),
                "mainexit"), this::err);
        assertEquals(0, cli(new ReplayCommand(), rec.toString()), this::err);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("steps, faithful"));
        Path busy = dir.resolve("counter.json");
        assertEquals(0, cli(new RunCommand(), "--board", BOARD, "--quiet", "--record", busy.toString(), guest("threads"),
                "counter", "2", "2000"), this::err);
        assertEquals(2, cli(new ReplayCommand(), busy.toString()));
        String e = err().strip();
        assertTrue(e.matches("vexmem replay: .*counter\\.json: step \\d+ \\(process threads(\\.\\d+)?\\[\\d+\\]\\): futex"
                + " cannot be replayed: its result depends on a word the guest's code wrote \\(recording limitation\\)"), e);
    }
}
