package vexmem.devicetree.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtParseException;

class DtsReaderTest {
    @TempDir
    Path dir;

    @Test
    void missingDtcGivesAClearOneLineMessage() throws Exception {
        Path f = dir.resolve("x.dts");
        Files.writeString(f, "/dts-v1/;\n/ { };\n");
        DtParseException e = assertThrows(DtParseException.class, () -> new DtsReader("/nonexistent").read(f));
        assertEquals(f + ": dtc not found on PATH: install device-tree-compiler to read .dts files", e.getMessage());
    }

    @Test
    void dtcSyntaxErrorsKeepLineAndColumn() throws Exception {
        assumeTrue(TestTrees.dtcAvailable(), "dtc not installed");
        Path f = dir.resolve("broken.dts");
        Files.writeString(f, "/dts-v1/;\n/ {\n\tmodel = \"x\"\n};\n");
        String msg = assertThrows(DtParseException.class, () -> DeviceTrees.read(f)).getMessage();
        assertTrue(msg.startsWith(f + ":4.1-2 syntax error"), msg);
        assertTrue(!msg.contains("\n"));
    }

    @Test
    void readsLabelsAndReferencesThroughDtc() throws Exception {
        assumeTrue(TestTrees.dtcAvailable(), "dtc not installed");
        Path f = dir.resolve("ok.dts");
        Files.writeString(f, """
                /dts-v1/;
                /memreserve/ 0x1000 0x1000;
                / { #address-cells = <1>; #size-cells = <1>;
                    r: region@0 { reg = <0 0x1000>; };
                    dev { memory-region = <&r>; };
                };
                """);
        DeviceTree t = DeviceTrees.read(f);
        assertEquals(1, t.memReserves().size());
        long ph = t.node("/dev").orElseThrow().property("memory-region").orElseThrow().cell(0);
        assertEquals("/region@0", t.byPhandle(ph).orElseThrow().path());
    }

    @Test
    void dtbIsSniffedByMagicWhateverTheExtension() throws Exception {
        Path f = dir.resolve("board.bin");
        Files.write(f, DtbReaderTest.sample());
        assertEquals("V2P-CA9", DeviceTrees.read(f).root().property("model").orElseThrow().string());
    }

    @Test
    void jsonPhandleNumberingMatchesDtc() throws Exception {
        assumeTrue(TestTrees.dtcAvailable(), "dtc not installed");
        Path f = dir.resolve("refs.dts");
        Files.writeString(f, """
                /dts-v1/;
                / {
                    a: a { x = <1>; };
                    b: b { phandle = <5>; };
                    user { r = <&b &a 9>; later = <&c>; };
                    c: c { };
                };
                """);
        DeviceTree fromDtc = DeviceTrees.read(f);
        DeviceTree fromJson = TestTrees.json("""
                {"children": {"a": {"labels": "a", "properties": {"x": 1}},
                              "b": {"labels": "b", "properties": {"phandle": 5}},
                              "user": {"properties": {"r": ["&b", "&a", 9], "later": "&c"}},
                              "c": {"labels": "c"}}}""");
        assertTrue(fromDtc.sameAs(fromJson), () -> new DtsWriter().write(fromDtc) + "\n---\n" + new DtsWriter().write(fromJson));
    }
}
