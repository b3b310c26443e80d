package vexmem.devicetree.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtParseException;
import vexmem.devicetree.DtProperty;

class DtbReaderTest {

    static byte[] sample() throws Exception {
        DtNode root = new DtNode("");
        root.set(DtProperty.cells("#address-cells", 1)).set(DtProperty.strings("model", "V2P-CA9"));
        DtNode mem = root.addChild(new DtNode("memory@60000000"));
        mem.set(DtProperty.strings("device_type", "memory")).set(DtProperty.cells("reg", 0x60000000L, 0x40000000L));
        return new DtbWriter().write(new DeviceTree(root, List.of(new DeviceTree.MemReserve(0x1000, 0x2000)), "x"));
    }

    private static String error(byte[] blob) {
        return assertThrows(DtParseException.class, () -> new DtbReader().parse(blob, "t.dtb")).getMessage();
    }

    @Test
    void readsWhatTheWriterWrote() throws Exception {
        DeviceTree t = new DtbReader().parse(sample(), "t.dtb");
        assertEquals("V2P-CA9", t.root().property("model").orElseThrow().string());
        assertEquals(0x40000000L, t.node("/memory@60000000").orElseThrow().property("reg").orElseThrow().cell(1));
        assertEquals(List.of(new DeviceTree.MemReserve(0x1000, 0x2000)), t.memReserves());
    }

    @Test
    void headerIsVersion17CompatibleWith16AndNamesAreDeduplicated() throws Exception {
        ByteBuffer h = ByteBuffer.wrap(sample());
        assertEquals(0xd00dfeed, h.getInt(0));
        assertEquals(17, h.getInt(20));
        assertEquals(16, h.getInt(24));
        assertEquals(h.capacity(), h.getInt(4));
        String strings = new String(sample(), h.getInt(12), h.getInt(32), java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals("#address-cells\0model\0device_type\0reg\0", strings);
    }

    @Test
    void acceptsVersion16() throws Exception {
        byte[] b = sample();
        ByteBuffer.wrap(b).putInt(20, 16);
        assertEquals("V2P-CA9", new DtbReader().parse(b, "t.dtb").root().property("model").orElseThrow().string());
    }

    @Test
    void everyTruncationIsAParseErrorNamingFileAndOffset() throws Exception {
        byte[] b = sample();
        for (int len = 0; len < b.length; len++) {
            String msg = error(Arrays.copyOf(b, len));
            assertTrue(msg.startsWith("t.dtb: offset "), msg);
        }
    }

    @Test
    void specificDefectsAreNamed() throws Exception {
        byte[] bad = sample();
        ByteBuffer.wrap(bad).putInt(0, 0x12345678);
        assertEquals("t.dtb: offset 0 (0x0): bad magic 0x12345678 (expected 0xd00dfeed)", error(bad));

        bad = sample();
        ByteBuffer.wrap(bad).putInt(8, 0x7fffff00);
        assertTrue(error(bad).contains("structure block"), error(bad));

        bad = sample();
        ByteBuffer.wrap(bad).putInt(20, 15);
        assertTrue(error(bad).contains("unsupported DTB version 15"));

        bad = sample();
        int struct = ByteBuffer.wrap(bad).getInt(8);
        ByteBuffer.wrap(bad).putInt(struct + 8, 0x77);        // first token after the empty root name
        assertTrue(error(bad).contains("unknown token 0x00000077"), error(bad));
    }

    @Test
    void unterminatedNodeNameIsReported() throws Exception {
        byte[] b = sample();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int struct = buf.getInt(8);
        int size = buf.getInt(36);
        // Overwrite the whole structure block after the root's BEGIN_NODE with a name that never ends.
        buf.putInt(struct + 8, 1);
        Arrays.fill(b, struct + 12, struct + size, (byte) 'a');
        assertTrue(error(b).contains("unterminated node name"), error(b));
    }

    @Test
    void randomBytesAreRejected() {
        byte[] junk = new byte[256];
        new java.util.Random(1).nextBytes(junk);
        assertTrue(error(junk).startsWith("t.dtb: offset 0"));
    }

    @Test
    void hugeSiblingListsParseInLinearTime() throws Exception {
        DtNode root = new DtNode("");
        for (int i = 0; i < 200_000; i++) {
            root.addChild(new DtNode("n@" + Integer.toHexString(i)));
        }
        byte[] blob = new DtbWriter().write(new DeviceTree(root, List.of(), "big"));
        long t0 = System.nanoTime();
        assertEquals(200_000, new DtbReader().parse(blob, "big.dtb").root().children().size());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "parsing 200k siblings took too long");
    }

    @Test
    void duplicateSiblingsAreRejected() throws Exception {
        DtNode root = new DtNode("");
        root.addChild(new DtNode("a"));
        root.addChild(new DtNode("a"));
        byte[] blob = new DtbWriter().write(new DeviceTree(root, List.of(), "dup"));
        assertTrue(error(blob).contains("duplicate node a in /"), error(blob));
    }
}
