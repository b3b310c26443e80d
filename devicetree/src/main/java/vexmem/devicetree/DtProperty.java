package vexmem.devicetree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One device-tree property: a name and its raw big-endian value bytes, exactly as a DTB stores them.
 * Typed views (cells, strings) are decoded on demand so that every reader and writer shares one
 * representation and a round trip cannot drift.
 */
public final class DtProperty {
    private final String name;
    private final byte[] value;
    /** Labels referencing cells of this property by phandle are resolved by the readers; this keeps
     *  the label text of a phandle reference (e.g. "&cma") for writers that want to print it. */
    private final List<PhandleRef> phandleRefs;

    /** A cell (32-bit word index) in the value that holds a phandle, and the label it was written as. */
    public record PhandleRef(int cellIndex, String label) { }

    public DtProperty(String name, byte[] value) {
        this(name, value, List.of());
    }

    public DtProperty(String name, byte[] value, List<PhandleRef> phandleRefs) {
        this.name = name;
        this.value = value.clone();
        this.phandleRefs = List.copyOf(phandleRefs);
    }

    public static DtProperty empty(String name) {
        return new DtProperty(name, new byte[0]);
    }

    public static DtProperty cells(String name, long... cells) {
        byte[] b = new byte[cells.length * 4];
        for (int i = 0; i < cells.length; i++) {
            putCell(b, i, cells[i]);
        }
        return new DtProperty(name, b);
    }

    public static DtProperty strings(String name, String... strings) {
        var out = new java.io.ByteArrayOutputStream();
        for (String s : strings) {
            byte[] sb = s.getBytes(StandardCharsets.UTF_8);
            out.write(sb, 0, sb.length);
            out.write(0);
        }
        return new DtProperty(name, out.toByteArray());
    }

    public String name() {
        return name;
    }

    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    public List<PhandleRef> phandleRefs() {
        return phandleRefs;
    }

    /** True when the value is a whole number of 32-bit cells. */
    public boolean isCellAligned() {
        return value.length % 4 == 0;
    }

    public int cellCount() {
        return value.length / 4;
    }

    /** Cell i as an unsigned 32-bit value. */
    public long cell(int i) {
        int o = i * 4;
        return ((value[o] & 0xffL) << 24) | ((value[o + 1] & 0xffL) << 16)
                | ((value[o + 2] & 0xffL) << 8) | (value[o + 3] & 0xffL);
    }

    public long[] cells() {
        long[] c = new long[cellCount()];
        for (int i = 0; i < c.length; i++) {
            c[i] = cell(i);
        }
        return c;
    }

    /** A number made of {@code count} cells starting at cell {@code first} (1 or 2 cells). */
    public long number(int first, int count) {
        long v = 0;
        for (int i = 0; i < count; i++) {
            v = (v << 32) | cell(first + i);
        }
        return v;
    }

    /** True when the value looks like one or more NUL-terminated printable strings. */
    public boolean isStringList() {
        if (value.length == 0 || value[value.length - 1] != 0) {
            return false;
        }
        boolean prevNul = true;
        for (byte b : value) {
            if (b == 0) {
                if (prevNul) {
                    return false;
                }
                prevNul = true;
            } else {
                if (b < 0x20 || b > 0x7e) {
                    return false;
                }
                prevNul = false;
            }
        }
        return true;
    }

    public List<String> stringList() {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                out.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < value.length) {
            out.add(new String(value, start, value.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The first string of the value, or "" when there is none. */
    public String string() {
        List<String> l = stringList();
        return l.isEmpty() ? "" : l.get(0);
    }

    static void putCell(byte[] b, int i, long v) {
        int o = i * 4;
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    /** Equality is by name and bytes: labels of phandle references are presentation only. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DtProperty p && p.name.equals(name) && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + "[" + value.length + " bytes]";
    }
}
