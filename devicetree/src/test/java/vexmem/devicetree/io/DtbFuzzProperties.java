package vexmem.devicetree.io;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import vexmem.devicetree.DtParseException;

/** Hostile blobs: the reader either parses them or throws DtParseException, nothing else. */
class DtbFuzzProperties {

    @Property(tries = 3000)
    void randomBytesNeverEscapeAsAnotherException(@ForAll @Size(max = 300) byte[] blob) {
        parseOrParseError(blob);
    }

    @Property(tries = 5000)
    void mutatedValidBlobsNeverEscapeAsAnotherException(@ForAll("mutations") int[] edits) throws Exception {
        byte[] b = DtbReaderTest.sample();
        for (int i = 0; i + 1 < edits.length; i += 2) {
            b[Math.floorMod(edits[i], b.length)] = (byte) edits[i + 1];
        }
        parseOrParseError(b);
    }

    @Property(tries = 2000)
    void validHeaderWithRandomBodyNeverEscapes(@ForAll @Size(min = 40, max = 400) byte[] body) throws Exception {
        byte[] b = DtbReaderTest.sample();
        byte[] blob = new byte[Math.max(b.length, body.length)];
        System.arraycopy(body, 0, blob, 0, body.length);
        System.arraycopy(b, 0, blob, 0, 40);
        parseOrParseError(blob);
    }

    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(-300, 300).array(int[].class).ofMinSize(2).ofMaxSize(12);
    }

    private static void parseOrParseError(byte[] blob) {
        try {
            new DtbReader().parse(blob, "fuzz.dtb");
        } catch (DtParseException e) {
            if (!e.getMessage().startsWith("fuzz.dtb: offset ") || e.getMessage().contains("\n")) {
                throw new AssertionError("badly formed message: " + e.getMessage());
            }
        }
    }
}
