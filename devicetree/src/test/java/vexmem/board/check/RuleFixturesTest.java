package vexmem.board.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.io.DeviceTrees;
import vexmem.devicetree.io.TestTrees;

/**
 * Every rule has a bad fixture (the rule fires, on the expected node) and a good one (it does not),
 * and both are checked as JSON, after the DTB writer/reader and after the DTS writer + dtc.
 */
class RuleFixturesTest {
    /** Rule id → the node the bad fixture's finding must name. */
    private static final Map<String, String> BAD_NODE = Map.ofEntries(
            Map.entry("reserved-memory-format", "/reserved-memory"),
            Map.entry("no-memory", "/"),
            Map.entry("reg-cells", "/reserved-memory/carve@6f000000"),
            Map.entry("zero-size", "/reserved-memory/carve@6f000000"),
            Map.entry("reserved-overlap", "/reserved-memory/b@6f080000"),
            Map.entry("reserved-outside-dram", "/reserved-memory/vram@4c000000"),
            Map.entry("dynamic-unplaceable", "/reserved-memory/pool"),
            Map.entry("cma-alignment", "/reserved-memory/linux,cma@6f100000"),
            Map.entry("nomap-reusable", "/reserved-memory/linux,cma@6f000000"),
            Map.entry("cma-needs-reusable", "/reserved-memory/pool@6f000000"),
            Map.entry("reusable-needs-pool", "/reserved-memory/pool@6f000000"),
            Map.entry("multiple-cma-default", "/reserved-memory/cma@6f000000"),
            Map.entry("dangling-phandle", "/cma-mem"),
            Map.entry("ion-heap-binding", "/ion/system"),
            Map.entry("ion-heap-region", "/ion/carveout"));

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return BAD_NODE.keySet().stream().sorted()
                .flatMap(rule -> Stream.of("json", "dtb", "dts").map(format -> Arguments.of(rule, format)));
    }

    private DeviceTree load(String rule, String kind, String format) throws Exception {
        Path fixture = Path.of("src/test/resources/rules", rule + "." + kind + ".json");
        DeviceTree t = DeviceTrees.read(fixture);
        return switch (format) {
            case "json" -> t;
            case "dtb" -> TestTrees.viaDtb(t, dir);
            default -> {
                assumeTrue(TestTrees.dtcAvailable(), "dtc not installed: skipping the DTS variant");
                yield TestTrees.viaDts(t, dir);
            }
        };
    }

    @ParameterizedTest(name = "{0} fires on the bad fixture ({1})")
    @MethodSource("cases")
    void badFixtureTriggersTheRule(String rule, String format) throws Exception {
        List<Finding> findings = DtChecker.check(load(rule, "bad", format));
        List<Finding> mine = findings.stream().filter(f -> f.ruleId().equals(rule)).toList();
        assertEquals(1, mine.size(), () -> "findings: " + findings);
        assertEquals(BAD_NODE.get(rule), mine.get(0).path());
        Rule r = DtChecker.rules().stream().filter(x -> x.id().equals(rule)).findFirst().orElseThrow();
        assertEquals(r.severity(), mine.get(0).severity());
    }

    @ParameterizedTest(name = "{0} is quiet on the good fixture ({1})")
    @MethodSource("cases")
    void goodFixtureIsClean(String rule, String format) throws Exception {
        List<Finding> findings = DtChecker.check(load(rule, "good", format));
        assertTrue(findings.isEmpty(), () -> "findings: " + findings);
    }

    @Test
    void everyRuleHasFixturesAndAnExplanation() {
        for (Rule r : DtChecker.rules()) {
            assertTrue(BAD_NODE.containsKey(r.id()), "no fixture for " + r.id());
            assertTrue(Files.exists(Path.of("src/test/resources/rules", r.id() + ".bad.json")), r.id());
            assertTrue(!r.explanation().isBlank() && !r.explanation().contains("\n"), r.id());
        }
        assertEquals(BAD_NODE.size(), DtChecker.rules().size());
    }

    @Test
    void shippedBoardsHaveNoFindingsAtAll() throws Exception {
        for (String b : List.of("vexpress-a9.json", "vexpress-a15.json")) {
            List<Finding> f = DtChecker.check(DeviceTrees.read(TestTrees.board(b)));
            assertTrue(f.isEmpty(), b + ": " + f);
        }
    }
}
