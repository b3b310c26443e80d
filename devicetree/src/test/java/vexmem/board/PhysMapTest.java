package vexmem.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vexmem.devicetree.io.DeviceTrees;
import vexmem.devicetree.io.TestTrees;

class PhysMapTest {

    @Test
    void systemRamIsDramMinusNoMapRegionsAndCmaNestsInsideIt() throws Exception {
        String text = PhysMap.of(DeviceTrees.read(TestTrees.board("vexpress-a9.json"))).render();
        List<String> lines = text.lines().map(String::stripTrailing).toList();
        int dram = lines.indexOf(lines.stream().filter(l -> l.startsWith("60000000-9fffffff : DRAM")).findFirst().orElseThrow());
        assertTrue(lines.get(dram).endsWith("[1 GiB]"));
        assertTrue(lines.get(dram + 1).startsWith("  60000000-9dffffff : System RAM"), lines.get(dram + 1));
        assertTrue(lines.get(dram + 1).endsWith("[992 MiB]"));
        assertTrue(lines.get(dram + 2).startsWith("    9a000000-9dffffff : CMA linux,cma"));
        assertTrue(lines.get(dram + 3).startsWith("  9e000000-9effffff : reserved no-map ion-chunk@9e000000 (ion heap chunk)"));
        assertTrue(lines.get(dram + 4).startsWith("  9f000000-9fffffff : reserved no-map ion-carveout@9f000000 (ion heap carveout)"));
    }

    @Test
    void devicesAppearAtTheirTranslatedAddresses() throws Exception {
        String text = PhysMap.of(DeviceTrees.read(TestTrees.board("vexpress-a15.json"))).render();
        assertTrue(text.contains("1c090000-1c090fff : 1c090000.uart"), text);
        assertTrue(text.contains("18000000-187fffff : 18000000.vram"), text);
    }

    @Test
    void sizesAreHumanReadable() {
        assertEquals("88 B", PhysMap.humanSize(0x58));
        assertEquals("64 KiB", PhysMap.humanSize(0x10000));
        assertEquals("992 MiB", PhysMap.humanSize(992L << 20));
        assertEquals("1.5 GiB", PhysMap.humanSize(3L << 29));
    }

    @Test
    void svgLabelsNeverOverlapAndEveryEntryIsDrawn() throws Exception {
        for (String b : List.of("vexpress-a9.json", "vexpress-a15.json")) {
            PhysMap map = PhysMap.of(DeviceTrees.read(TestTrees.board(b)));
            String svg = MapSvg.render(map, "t");
            Matcher m = Pattern.compile("<text x=\"(\\d+)\" y=\"([0-9.]+)\">([^<]*)<tspan").matcher(svg);
            List<Double> ys = new ArrayList<>();
            while (m.find()) {
                ys.add(Double.parseDouble(m.group(2)));
            }
            long entries = map.render().lines().count();
            assertEquals(entries, ys.size(), "one label per map line");
            List<Double> sorted = ys.stream().sorted().toList();
            for (int i = 1; i < sorted.size(); i++) {
                assertTrue(sorted.get(i) - sorted.get(i - 1) >= 12.99, b + ": labels at " + sorted.get(i - 1) + " and " + sorted.get(i));
            }
            assertTrue(svg.contains("Legend") && svg.contains("Piecewise scale"));
        }
    }
}
