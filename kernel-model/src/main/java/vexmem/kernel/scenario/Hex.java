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

    /** Puts bytes into a step: {"fill": "ab", "len": n} when every byte is the same, else {"hex": ...}. */
    static com.fasterxml.jackson.databind.node.ObjectNode blob(com.fasterxml.jackson.databind.node.ObjectNode n, byte[] b) {
        boolean uniform = b.length > 16;
        for (int i = 1; uniform && i < b.length; i++) {
            uniform = b[i] == b[0];
        }
        if (uniform) {
            return n.put("fill", H.toHexDigits(b[0])).put("len", b.length);
        }
        return n.put("hex", encode(b));
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
