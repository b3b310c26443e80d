package vexmem.board;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/**
 * Translates a node's reg entries to CPU physical addresses through the parents' ranges properties,
 * as of_translate_address does: an empty ranges is identity, a missing one stops translation.
 */
public final class AddressTranslator {
    private AddressTranslator() { }

    /** The node's reg entries as CPU addresses; empty when reg is malformed or a bus is not translatable. */
    public static Optional<List<Range>> cpuRanges(DtNode n) {
        DtNode parent = n.parent();
        Optional<DtProperty> reg = n.property("reg");
        if (parent == null || reg.isEmpty()) {
            return Optional.empty();
        }
        int ac = parent.addressCells();
        int sc = parent.sizeCells();
        if (ac > 2 || sc == 0 || sc > 2) {
            return Optional.empty();
        }
        Optional<List<Range>> local = Cells.pairs(reg.get(), ac, sc);
        if (local.isEmpty()) {
            return Optional.empty();
        }
        List<Range> out = new ArrayList<>();
        for (Range r : local.get()) {
            Optional<Long> base = translate(parent, r.base());
            if (base.isEmpty()) {
                return Optional.empty();
            }
            out.add(new Range(base.get(), r.size()));
        }
        return Optional.of(out);
    }

    private static Optional<Long> translate(DtNode bus, long addr) {
        while (!bus.isRoot()) {
            Optional<DtProperty> ranges = bus.property("ranges");
            if (ranges.isEmpty()) {
                return Optional.empty();
            }
            if (!ranges.get().isEmpty()) {
                Optional<Long> mapped = throughRanges(ranges.get(), addr, bus.addressCells(),
                        bus.parent().addressCells(), bus.sizeCells());
                if (mapped.isEmpty()) {
                    return Optional.empty();
                }
                addr = mapped.get();
            }
            bus = bus.parent();
        }
        return Optional.of(addr);
    }

    private static Optional<Long> throughRanges(DtProperty ranges, long addr, int cac, int pac, int sc) {
        int entry = cac + pac + sc;
        if (cac > 2 || pac > 2 || sc > 2 || entry == 0 || ranges.cellCount() % entry != 0 || !ranges.isCellAligned()) {
            return Optional.empty();
        }
        for (int i = 0; i < ranges.cellCount(); i += entry) {
            long child = Cells.read(ranges, i, cac);
            long parent = Cells.read(ranges, i + cac, pac);
            long size = Cells.read(ranges, i + cac + pac, sc);
            if (addr >= child && addr - child < size) {
                return Optional.of(parent + (addr - child));
            }
        }
        return Optional.empty();
    }
}
