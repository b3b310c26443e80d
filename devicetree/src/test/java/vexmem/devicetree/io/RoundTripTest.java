package vexmem.devicetree.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vexmem.devicetree.DeviceTree;

class RoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"vexpress-a9.json", "vexpress-a15.json"})
    void jsonToDtbAndBackIsTheSameTree(String board) throws Exception {
        DeviceTree t = DeviceTrees.read(TestTrees.board(board));
        assertTrue(t.sameAs(TestTrees.viaDtb(t, dir)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vexpress-a9.json", "vexpress-a15.json"})
    void jsonWriterOutputReadsBackToTheSameTreeAndLabels(String board) throws Exception {
        DeviceTree t = DeviceTrees.read(TestTrees.board(board));
        Path f = dir.resolve("out.json");
        Files.write(f, DeviceTrees.write(t, DeviceTrees.Format.JSON));
        DeviceTree back = DeviceTrees.read(f);
        assertTrue(t.sameAs(back));
        assertEquals(t.byLabel("cma").orElseThrow().path(), back.byLabel("cma").orElseThrow().path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vexpress-a9.json", "vexpress-a15.json"})
    void jsonToDtsThroughDtcIsTheSameTree(String board) throws Exception {
        assumeTrue(TestTrees.dtcAvailable(), "dtc not installed: skipping the dtc round trip");
        DeviceTree t = DeviceTrees.read(TestTrees.board(board));
        String dts = new DtsWriter().write(t);
        assertTrue(dts.contains("memory-region = <&cma>;"), "phandle references keep their labels");
        assertTrue(t.sameAs(TestTrees.viaDts(t, dir)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vexpress-a9.json", "vexpress-a15.json"})
    void dtcAcceptsOurDtb(String board) throws Exception {
        assumeTrue(TestTrees.dtcAvailable(), "dtc not installed: skipping dtc -I dtb");
        DeviceTree t = DeviceTrees.read(TestTrees.board(board));
        Path f = dir.resolve("t.dtb");
        Files.write(f, new DtbWriter().write(t));
        Process p = new ProcessBuilder("dtc", "-I", "dtb", "-O", "dts", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("linux,cma-default;"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vexpress-a9.json", "vexpress-a15.json"})
    void dtbBytesAreStableAcrossARoundTrip(String board) throws Exception {
        DeviceTree t = DeviceTrees.read(TestTrees.board(board));
        byte[] once = new DtbWriter().write(t);
        byte[] twice = new DtbWriter().write(new DtbReader().parse(once, "mem"));
        assertEquals(java.util.HexFormat.of().formatHex(once), java.util.HexFormat.of().formatHex(twice));
    }
}
