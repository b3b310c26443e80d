package vexmem.guest.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vexmem.board.Board;
import vexmem.board.BoardBuilder;
import vexmem.devicetree.io.DeviceTrees;
import vexmem.guest.Demo;
import vexmem.guest.DemoCatalog;
import vexmem.guest.DemoRunner;
import vexmem.guest.JavaDemoBackend;
import vexmem.kernel.KernelOptions;

/** The nine demos as Java guests through the DemoRunner on the default board. */
class JavaDemosTest {
    static Board board;

    @BeforeAll
    static void loadBoard() throws Exception {
        board = BoardBuilder.build(DeviceTrees.read(Path.of("..", "boards", "vexpress-a9.json")));
    }

    /** What one run printed: guest stdout (with headers and verdicts) and the serial console. */
    record Run(DemoRunner.Outcome outcome, String out, String err) {
    }

    static Run run(Demo d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoRunner r = new DemoRunner(board, KernelOptions.DEFAULT, new JavaDemoBackend(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        DemoRunner.Outcome o = r.run(d);
        return new Run(o, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Demo> demos() {
        return DemoCatalog.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("demos")
    void demoPasses(Demo d) {
        Run r = run(d);
        assertTrue(r.outcome().passed(), () -> r.outcome().reason() + "\n" + r.out() + "\n" + r.err());
        assertTrue(r.outcome().leaks().isEmpty(), () -> r.outcome().leaks().toString());
        for (var p : r.outcome().processes()) {
            assertEquals(0, p.status());
            assertTrue(p.stdout().endsWith("RESULT: PASS\n"), p.stdout());
        }
    }

    @Test
    void twoProcessShareIsDeterministic() {
        Demo d = DemoCatalog.byId("two-process-share").orElseThrow();
        Run a = run(d);
        Run b = run(d);
        assertTrue(a.outcome().passed(), a.outcome().reason());
        assertEquals(a.out(), b.out());
        assertEquals(a.err(), b.err());
        assertEquals(a.outcome().kernelLog(), b.outcome().kernelLog());
        String service = a.outcome().processes().get(0).stdout();
        String client = a.outcome().processes().get(1).stdout();
        assertTrue(service.contains("listening on /tmp/dmabuf_share.sock"), service);
        assertTrue(service.contains("service buffer data: 1234"), service);
        assertTrue(client.contains("client buffer data: 1234"), client);
        assertTrue(client.contains("ack received"), client);
    }

    @Test
    void unmetKernelLogExpectationIsAFail() {
        Demo d = DemoCatalog.byId("user-to-kernel").orElseThrow();
        Demo broken = new Demo(d.id(), d.document(), d.title(), d.processes(), List.of("buf data:zzzz"));
        Run r = run(broken);
        assertFalse(r.outcome().passed());
        assertEquals("kernel log lacks \"buf data:zzzz\"", r.outcome().reason());
        assertTrue(r.out().contains("=== user-to-kernel: FAIL (kernel log lacks"), r.out());
        // The processes themselves passed; only the expectation failed.
        assertEquals(0, r.outcome().processes().get(0).status());
    }

    @Test
    void failingProcessIsAFailWithItsReason() {
        Demo alone = new Demo("client-alone", "000 §3.2", "client without service",
                List.of(List.of("dmabuf_share_client")), List.of());
        Run r = run(alone);
        assertFalse(r.outcome().passed());
        assertTrue(r.outcome().reason().startsWith("dmabuf_share_client exited 1: FAIL could not connect"),
                r.outcome().reason());
    }

    @Test
    void summaryAndExitCode() {
        Demo ok = DemoCatalog.byId("kernel-to-user").orElseThrow();
        Demo bad = new Demo("bad", "x", "t", ok.processes(), List.of("never printed"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        DemoRunner r = new DemoRunner(board, KernelOptions.DEFAULT, new JavaDemoBackend(), ps, ps, true);
        List<DemoRunner.Outcome> res = r.runAll(List.of(ok, bad));
        assertEquals(1, DemoRunner.exitCode(res));
        String s = out.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("1 of 2 demos passed"), s);
        assertTrue(s.matches("(?s).*\\nbad\\s+x\\s+FAIL\\s+kernel log lacks \"never printed\"\\n.*"), s);
    }
}
