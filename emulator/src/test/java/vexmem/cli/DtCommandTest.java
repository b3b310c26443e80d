package vexmem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vexmem.devicetree.io.DeviceTrees;

class DtCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static Path board(String name) {
        return Path.of("..", "boards", name);
    }

    private int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void shippedBoardsCheckClean() {
        assertEquals(0, run(new DtCommand(), "check", board("vexpress-a9.json").toString()), err::toString);
        assertEquals("", out.toString());
        assertEquals(0, run(new DtCommand(), "check", board("vexpress-a15.json").toString()), err::toString);
    }

    @Test
    void errorsGiveExitOneWithOneLinePerFinding() {
        int rc = run(new DtCommand(), "check", "../devicetree/src/test/resources/rules/reserved-overlap.bad.json");
        assertEquals(1, rc);
        String[] lines = out.toString().split("\n");
        assertEquals(1, lines.length, out::toString);
        assertTrue(lines[0].matches("error\\s+reserved-overlap\\s+/reserved-memory/b@6f080000\\s+.*overlaps.*"), lines[0]);
    }

    @Test
    void warningsAloneExitZero() {
        int rc = run(new DtCommand(), "check", "../devicetree/src/test/resources/rules/reserved-outside-dram.bad.json");
        assertEquals(0, rc);
        assertTrue(out.toString().startsWith("warning reserved-outside-dram"), out::toString);
    }

    @Test
    void truncatedDtbIsExitTwoWithOneLineMessage() throws Exception {
        byte[] dtb = DeviceTrees.write(DeviceTrees.read(board("vexpress-a9.json")), DeviceTrees.Format.DTB);
        Path f = dir.resolve("cut.dtb");
        Files.write(f, java.util.Arrays.copyOf(dtb, dtb.length / 2));
        assertEquals(2, run(new DtCommand(), "check", f.toString()));
        assertTrue(err.toString().startsWith("vexmem: " + f + ": offset 4 (0x4): totalsize"), err::toString);
        assertEquals(1, err.toString().lines().count());
    }

    @Test
    void randomBytesAreExitTwo() throws Exception {
        byte[] junk = new byte[512];
        new Random(7).nextBytes(junk);
        junk[0] = (byte) 0xd0;
        junk[1] = 0x0d;
        junk[2] = (byte) 0xfe;
        junk[3] = (byte) 0xed;
        Path f = dir.resolve("junk.dtb");
        Files.write(f, junk);
        assertEquals(2, run(new DtCommand(), "check", f.toString()));
        assertTrue(err.toString().startsWith("vexmem: " + f + ": offset "), err::toString);
        assertFalse(err.toString().contains("Exception"));
    }

    @Test
    void schemaErrorAndMissingFileAreExitTwo() throws Exception {
        Path f = write("x.json", "{\"children\": {\"memory@60000000\": {\"properties\": {\"reg\": \"0x60000000\"}}}}");
        assertEquals(2, run(new DtCommand(), "check", f.toString()));
        assertEquals("vexmem: " + f + ": $.children.memory@60000000.properties.reg: string found, [array, object] expected\n",
                err.toString());
        assertEquals(2, run(new DtCommand(), "check", dir.resolve("nope.json").toString()));
        assertTrue(err.toString().contains("nope.json: no such file"), err::toString);
    }

    @Test
    void mapPrintsIomemStyleAndWritesSvg() throws Exception {
        Path svg = dir.resolve("map.svg");
        assertEquals(0, run(new DtCommand(), "map", board("vexpress-a9.json").toString(), "--svg", svg.toString()));
        String text = out.toString();
        assertTrue(text.contains("60000000-9fffffff : DRAM /memory@60000000"), text);
        assertTrue(text.contains("    9a000000-9dffffff : CMA linux,cma (default, dynamic, ion heap dma)"), text);
        assertTrue(text.contains("10009000-10009fff : 10009000.uart"), text);
        String s = Files.readString(svg);
        assertTrue(s.startsWith("<svg") && s.contains("Legend") && s.contains("V2P-CA9"));
    }

    @Test
    void convertRoundTripsThroughEveryFormat() throws Exception {
        var original = DeviceTrees.read(board("vexpress-a15.json"));
        for (String fmt : new String[] {"dtb", "json", "dts"}) {
            Path o = dir.resolve("out." + fmt);
            assertEquals(0, run(new DtCommand(), "convert", board("vexpress-a15.json").toString(), "--to", fmt, "-o", o.toString()),
                    err::toString);
            if (!fmt.equals("dts") || new vexmem.devicetree.io.DtsReader().dtc().isPresent()) {
                assertTrue(original.sameAs(DeviceTrees.read(o)), fmt);
            }
        }
        assertEquals(2, run(new DtCommand(), "convert", board("vexpress-a15.json").toString(), "--to", "yaml", "-o", "x"));
    }

    @Test
    void boardCommandDescribesTheDefaultBoard() {
        String old = System.getProperty("vexmem.home");
        System.setProperty("vexmem.home", "..");
        try {
            assertEquals(0, run(new BoardCommand()), err::toString);
        } finally {
            if (old == null) {
                System.clearProperty("vexmem.home");
            } else {
                System.setProperty("vexmem.home", old);
            }
        }
        String text = out.toString();
        assertTrue(text.startsWith("model   V2P-CA9"), text);
        assertTrue(text.matches("(?s).*id 4\\s+dma\\s+dma\\s+/reserved-memory/linux,cma\\s+accepts ION_FLAG_CACHED.*"), text);
        assertTrue(text.matches("(?s).*9a000000-9dffffff\\s+64 MiB\\s+cma\\s+dynamic, default.*"), text);
        assertTrue(text.contains("/cma-mem"), text);
    }

    @Test
    void boardCommandRefusesABoardWithErrors() {
        assertEquals(1, run(new BoardCommand(), "--board", "../devicetree/src/test/resources/rules/ion-heap-region.bad.json"));
        assertTrue(err.toString().startsWith("vexmem: ../devicetree/src/test/resources/rules/ion-heap-region.bad.json: /ion/carveout:"),
                err::toString);
    }
}
