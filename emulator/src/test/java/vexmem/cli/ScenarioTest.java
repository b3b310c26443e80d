package vexmem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import vexmem.board.Board;
import vexmem.emulator.Emulator;
import vexmem.emulator.Stdio;
import vexmem.guest.Demo;
import vexmem.guest.DemoCatalog;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelOptions;
import vexmem.kernel.scenario.Scenario;
import vexmem.kernel.scenario.ScenarioRecorder;
import vexmem.kernel.scenario.ScenarioReplayer;

/** Issue 5: every shipped demo records and replays faithfully; edits are caught; shipped scenarios pass. */
class ScenarioTest {
    static final Path BOARD = Path.of("..", "boards", "vexpress-a9.json");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(String stdout, int status, JsonNode scenario) {
    }

    /** Runs a demo's ARM processes, recording or not, with stdout captured. */
    static Run run(Demo demo, boolean record) {
        Board b = Boards.load(BOARD);
        Kernel k = Kernel.boot(b, KernelOptions.DEFAULT);
        ScenarioRecorder rec = record ? new ScenarioRecorder(k, BOARD.toString()).attach() : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Emulator emu = new Emulator(k);
        for (List<String> argv : demo.processes()) {
            emu.spawn(Path.of("..", "guest-programs", "bin", argv.get(0)).toAbsolutePath().normalize(), argv,
                    Stdio.of(out, OutputStreamSink.INSTANCE));
        }
        int status = emu.runAll().status();
        JsonNode sc = rec == null ? null : rec.finish();
        k.close();
        return new Run(out.toString(StandardCharsets.UTF_8), status, sc);
    }

    static ScenarioReplayer.Outcome replay(JsonNode sc) {
        Kernel k = Kernel.boot(Boards.load(BOARD), KernelOptions.DEFAULT);
        ScenarioReplayer.Outcome o = new ScenarioReplayer(k, sc, "test").run();
        List<String> leaks = k.shutdown();
        k.close();
        assertTrue(leaks.isEmpty(), () -> "leaks after replay: " + leaks);
        return o;
    }

    static Stream<Demo> demos() {
        return DemoCatalog.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demos")
    void everyDemoRecordsAndReplaysFaithfullyWithoutChangingWhatTheGuestSees(Demo demo) {
        Run plain = run(demo, false);
        Run recorded = run(demo, true);
        assertEquals(0, plain.status(), plain.stdout());
        assertEquals(plain.stdout(), recorded.stdout(), "recording changed the guest's output");
        assertEquals(plain.status(), recorded.status());
        ScenarioReplayer.Outcome o = replay(recorded.scenario());
        assertNull(o.divergence(), () -> o.divergence().format());
        assertEquals(recorded.scenario().get("steps").size(), o.steps());
        // deterministic: a second replay and a second recording agree
        assertNull(replay(recorded.scenario()).divergence());
        JsonNode again = run(demo, true).scenario();
        assertEquals(recorded.scenario().get("steps"), again.get("steps"), "recording is not deterministic");
    }

    @Test
    void anEditedExpectationFailsWithAReportNamingTheStep() {
        JsonNode sc = run(DemoCatalog.byId("ion-alloc").orElseThrow(), true).scenario();
        ObjectNode alloc = null;
        for (JsonNode s : sc.get("steps")) {
            if ("ION_IOC_ALLOC".equals(s.path("ioctl").asText())) {
                alloc = (ObjectNode) s;
                break;
            }
        }
        assertTrue(alloc != null);
        // the handle the kernel hands back, as recorded: change its last byte
        ObjectNode out = (ObjectNode) alloc.get("out").get(0);
        String hex = out.get("hex").asText();
        out.set("hex", new TextNode(hex.substring(0, hex.length() - 2) + "07"));
        ScenarioReplayer.Outcome o = replay(sc);
        assertTrue(o.divergence() != null);
        assertEquals(alloc.get("step").asInt(), o.divergence().step());
        String report = o.divergence().format();
        assertTrue(report.contains("step " + alloc.get("step").asInt()) && report.contains("ioctl ION_IOC_ALLOC")
                && report.contains("handle=1") && report.contains("ion_alloc_demo[100]"), report);

        // an edited result too
        ObjectNode first = (ObjectNode) alloc;
        first.put("result", -22);
        ScenarioReplayer.Outcome o2 = replay(sc);
        assertEquals(alloc.get("step").asInt(), o2.divergence().step());
        assertTrue(o2.divergence().expected().contains("EINVAL"), o2.divergence().format());
    }

    // ------------------------------------------------------------ through the CLI

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int replayCli(String... args) {
        ReplayCommand r = new ReplayCommand();
        r.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        r.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(r);
        OneLineErrors h = new OneLineErrors();
        cl.setExecutionExceptionHandler(h);
        cl.setParameterExceptionHandler(h);
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    static Stream<Path> shippedScenarios() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("..", "scenarios"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedScenarios")
    void shippedScenariosReplayWithExit0(Path scenario) {
        int rc = replayCli("--board", BOARD.toString(), scenario.toString());
        assertEquals(0, rc, () -> out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("faithful"));
    }

    @Test
    void handWrittenExpectationEditedFailsWithExit1AndTheStep() throws IOException {
        String text = Files.readString(Path.of("..", "scenarios", "errors.json"))
                .replace("\"len\": 4096, \"expect\": {\"errno\": \"ENODEV\"}", "\"len\": 4096, \"expect\": {\"errno\": \"EINVAL\"}");
        Path f = dir.resolve("edited.json");
        Files.writeString(f, text);
        int rc = replayCli("--board", BOARD.toString(), f.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, rc, e);
        assertTrue(e.contains("divergence at step 11 (process app[100]): mmap"), e);
        assertTrue(e.contains("expected: -1 EINVAL") && e.contains("got:      -1 ENODEV"), e);
    }

    @Test
    void malformedScenarioIsExit2WithTheJsonPath() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"format\": \"vexmem-scenario/1\", \"steps\": [{\"proc\": \"a\", \"call\": \"ioctl\", \"fd\": \"$nope\", \"cmd\": 1}]}");
        assertEquals(2, replayCli("--board", BOARD.toString(), f.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("$.steps[0].fd: $nope is not bound"), e);
        Files.writeString(f, "{not json");
        assertEquals(2, replayCli(f.toString()));
    }

    @Test
    void replaySvgIsWrittenAndShowsTheCmaAllocations() throws IOException {
        Path svg = dir.resolve("frag.svg");
        assertEquals(0, replayCli("--board", BOARD.toString(), "--svg", svg.toString(), "../scenarios/cma-fragmentation.json"));
        String s = Files.readString(svg);
        assertTrue(s.startsWith("<svg") && s.contains("cma linux,cma") && s.contains("largest free run 8 MiB"), s.substring(0, 300));
    }

    /** Swallows stderr of the guests. */
    static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }

    private int runCli(String... args) {
        RunCommand r = new RunCommand();
        r.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        r.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(r);
        OneLineErrors h = new OneLineErrors();
        cl.setExecutionExceptionHandler(h);
        cl.setParameterExceptionHandler(h);
        return cl.execute(args);
    }

    @Test
    void runRecordDumpAndSvgThroughTheCli() throws IOException {
        Path rec = dir.resolve("ion.json"), dump = dir.resolve("dump.txt"), svg = dir.resolve("ion.svg");
        String elf = Path.of("..", "guest-programs", "bin", "ion_alloc_demo").toString();
        int rc = runCli("--board", BOARD.toString(), "--quiet", "--record", rec.toString(), "--dump", dump.toString(),
                "--svg", svg.toString(), elf);
        assertEquals(0, rc, () -> err.toString(StandardCharsets.UTF_8));
        String d = Files.readString(dump);
        assertTrue(d.contains("######## /proc/100/maps  (ion_alloc_demo exiting with status 0)")
                && d.contains("[stack]") && d.contains("MemTotal:") && d.contains("==> /sys/kernel/debug/ion/heaps/"), d);
        String s = Files.readString(svg);
        assertTrue(s.contains("peak use: after system call") && s.contains("end of run"), s.substring(0, 400));
        assertEquals(0, replayCli(rec.toString()), () -> err.toString(StandardCharsets.UTF_8));

        Path jrec = dir.resolve("java.json");
        assertEquals(0, runCli("--board", BOARD.toString(), "--quiet", "--java", "--record", jrec.toString(),
                "dmabuf_share_service", "--spawn", "dmabuf_share_client"));
        assertEquals(0, replayCli(jrec.toString()), () -> err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void boardListsTheKernelsView() {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new BoardCommand());
        cl.setOut(new PrintWriter(sw, true));
        assertEquals(0, cl.execute("--board", BOARD.toString()));
        String o = sw.toString();
        for (String want : new String[] {"/proc/iomem", "System RAM", "CmaTotal:", "ion       id 4  dma",
            "dma-heap  linux,cma", "/dev/ion                     c 10:", "vexmem,cma-mem         bound to /cma-mem"}) {
            assertTrue(o.contains(want), want + " missing in:\n" + o);
        }
    }

    @Test
    void scenarioFileRoundTrips() throws IOException {
        JsonNode sc = run(DemoCatalog.byId("vion").orElseThrow(), true).scenario();
        Path f = dir.resolve("vion.json");
        Scenario.write(sc, f);
        assertEquals(0, replayCli("--board", BOARD.toString(), f.toString()), () -> err.toString(StandardCharsets.UTF_8));
    }
}
