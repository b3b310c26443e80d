package vexmem.board;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/** Decoding of address/size cells the way Linux's flat-tree code reads them (dt_mem_next_cell). */
public final class Cells {
    private Cells() { }

    /** The integer #address-cells / #size-cells a node declares, or empty when missing or malformed. */
    public static Optional<Integer> declared(DtNode n, String prop) {
        return n.property(prop).filter(p -> p.length() == 4).map(p -> (int) p.cell(0));
    }

    /** Root cells; Linux's defaults when absent are 1 (OF_ROOT_NODE_*_CELLS_DEFAULT). */
    public static int rootAddressCells(DtNode root) {
        return declared(root, "#address-cells").orElse(1);
    }

    public static int rootSizeCells(DtNode root) {
        return declared(root, "#size-cells").orElse(1);
    }

    /** A value of {@code count} cells; like dt_mem_next_cell only the low two cells count. */
    public static long read(DtProperty p, int first, int count) {
        long v = 0;
        for (int i = 0; i < count; i++) {
            v = (v << 32) | p.cell(first + i);
        }
        return v;
    }

    /** (address, size) pairs, or empty when the length is not a whole number of pairs. */
    public static Optional<List<Range>> pairs(DtProperty p, int ac, int sc) {
        int entry = (ac + sc) * 4;
        if (entry == 0 || p.length() % entry != 0 || p.length() == 0) {
            return Optional.empty();
        }
        List<Range> out = new ArrayList<>();
        for (int i = 0; i < p.cellCount(); i += ac + sc) {
            out.add(new Range(read(p, i, ac), read(p, i + ac, sc)));
        }
        return Optional.of(out);
    }

    /** A single value exactly {@code count} cells long, or empty. */
    public static Optional<Long> single(DtProperty p, int count) {
        if (count == 0 || p.length() != count * 4) {
            return Optional.empty();
        }
        return Optional.of(read(p, 0, count));
    }
}
