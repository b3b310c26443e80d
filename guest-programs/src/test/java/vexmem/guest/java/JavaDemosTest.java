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
}
