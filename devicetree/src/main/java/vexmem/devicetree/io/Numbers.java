package vexmem.devicetree.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** Numbers as the JSON format writes them: JSON integers or strings "0x1f" / "31". */
final class Numbers {
    private static final Pattern NUMERIC = Pattern.compile("0[xX][0-9A-Fa-f]+|[0-9]+");

    private Numbers() { }

    static boolean isNumericString(String s) {
        return NUMERIC.matcher(s).matches();
    }

    static boolean isNumber(JsonNode n) {
        return n.isIntegralNumber() || (n.isTextual() && isNumericString(n.asText()));
    }

    /** The unsigned 64-bit value, or throws IllegalArgumentException with a short reason. */
    static long parse(JsonNode n) {
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong() || n.asLong() < 0) {
                throw new IllegalArgumentException("number out of range: " + n.asText());
            }
            return n.asLong();
        }
        String s = n.asText();
        if (!isNumericString(s)) {
            throw new IllegalArgumentException("not a number: \"" + s + "\"");
        }
        try {
            return s.startsWith("0x") || s.startsWith("0X")
                    ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number does not fit in 64 bits: " + s);
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
