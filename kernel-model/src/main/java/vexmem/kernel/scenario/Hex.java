package vexmem.kernel.scenario;

import java.util.HexFormat;

/** Byte strings and addresses as scenario JSON spells them. */
final class Hex {
    private static final HexFormat H = HexFormat.of();

    private Hex() {
    }

    static String encode(byte[] b) {
        return H.formatHex(b);
    }

    static byte[] decode(String s) {
        String t = s.replaceAll("\\s", "");
        if (t.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return H.parseHex(t);
    }

    static String addr(long v) {
        return "0x" + Long.toHexString(v & 0xffffffffL);
    }

    /** A number written as decimal, "0x..." or "-..." (as text or as a JSON number). */
    static long parse(String s) {
        String t = s.trim();
        boolean neg = t.startsWith("-");
        if (neg) {
            t = t.substring(1);
        }
        long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        return neg ? -v : v;
    }
}
