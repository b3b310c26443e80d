package vexmem.board;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;

/**
 * The resolved physical address map of a board, nested like /proc/iomem: DRAM banks holding System RAM
 * (DRAM minus no-map regions) and the regions, plus every device reg window after bus translation.
 */
public final class PhysMap {

    /** What an entry is; drives the label and the colour in {@link MapSvg}. */
    public enum Kind { DRAM, SYSTEM_RAM, CMA, CARVEOUT, DMA_COHERENT, RESERVED, MEMRESERVE, DEVICE }

    /** One line of the map and the entries nested inside it. */
    public record Entry(long base, long size, String name, Kind kind, List<Entry> children) {
        public long end() {
            return base + size;
        }

        boolean contains(Entry o) {
            return base <= o.base && o.end() <= end() && (o.size < size || o.kind.ordinal() > kind.ordinal());
        }
    }

    private final List<Entry> roots;

    private PhysMap(List<Entry> roots) {
        this.roots = roots;
    }

    public List<Entry> roots() {
        return roots;
    }

    public static PhysMap of(DeviceTree tree) {
        return of(BoardAnalysis.of(tree));
    }

    public static PhysMap of(BoardAnalysis a) {
        List<Entry> flat = new ArrayList<>();
        for (DramBank b : a.banks()) {
            flat.add(leaf(b.base(), b.size(), "DRAM " + b.nodePath(), Kind.DRAM));
            for (Range r : systemRam(b, a.reserved().regions())) {
                flat.add(leaf(r.base(), r.size(), "System RAM", Kind.SYSTEM_RAM));
            }
        }
        for (ReservedRegion r : a.reserved().regions()) {
            if (r.size() > 0) {
                flat.add(leaf(r.base(), r.size(), regionLabel(r, a), kind(r)));
            }
        }
        a.tree().memReserves().stream().filter(m -> m.size() > 0)
                .forEach(m -> flat.add(leaf(m.address(), m.size(), "memreserve", Kind.MEMRESERVE)));
        for (DtNode n : Devices.deviceNodes(a.tree())) {
            Optional<List<Range>> regs = AddressTranslator.cpuRanges(n);
            regs.orElse(List.of()).stream().filter(r -> r.size() > 0).forEach(r ->
                    flat.add(leaf(r.base(), r.size(), String.format("%x.%s", r.base(), n.baseName()), Kind.DEVICE)));
        }
        return new PhysMap(nest(flat));
    }

    private static Entry leaf(long base, long size, String name, Kind kind) {
        return new Entry(base, size, name, kind, new ArrayList<>());
    }

    /** The bank minus the no-map regions inside it: what the kernel's linear map covers. */
    static List<Range> systemRam(DramBank bank, List<ReservedRegion> regions) {
        List<Range> pieces = new ArrayList<>(List.of(new Range(bank.base(), bank.size())));
        for (ReservedRegion r : regions) {
            if (!r.noMap()) {
                continue;
            }
            Range hole = new Range(r.base(), r.size());
            List<Range> next = new ArrayList<>();
            for (Range p : pieces) {
                if (!p.overlaps(hole)) {
                    next.add(p);
                    continue;
                }
                if (p.base() < hole.base()) {
                    next.add(new Range(p.base(), hole.base() - p.base()));
                }
                if (hole.end() < p.end()) {
                    next.add(new Range(hole.end(), p.end() - hole.end()));
                }
            }
            pieces = next;
        }
        return pieces;
    }

    private static Kind kind(ReservedRegion r) {
        return switch (r.kind()) {
            case CMA -> Kind.CMA;
            case CARVEOUT -> Kind.CARVEOUT;
            case DMA_COHERENT -> Kind.DMA_COHERENT;
            case RESERVED -> Kind.RESERVED;
        };
    }

    private static String regionLabel(ReservedRegion r, BoardAnalysis a) {
        StringBuilder sb = new StringBuilder(switch (r.kind()) {
            case CMA -> "CMA ";
            case CARVEOUT -> "reserved no-map ";
            case DMA_COHERENT -> "dma-pool no-map ";
            case RESERVED -> "reserved ";
        }).append(r.name());
        List<String> notes = new ArrayList<>();
        if (r.cmaDefault()) {
            notes.add("default");
        }
        if (r.dynamic()) {
            notes.add("dynamic");
        }
        a.heaps().stream().filter(h -> r.path().equals(h.regionPath()) && h.spec() != null)
                .forEach(h -> notes.add("ion heap " + h.spec().name()));
        if (!notes.isEmpty()) {
            sb.append(" (").append(String.join(", ", notes)).append(')');
        }
        return sb.toString();
    }

    /** Sorts by address (larger first on ties) and hangs each entry under the innermost one containing it. */
    private static List<Entry> nest(List<Entry> flat) {
        flat.sort(Comparator.comparingLong(Entry::base).thenComparing(Entry::size, Comparator.reverseOrder())
                .thenComparing(e -> e.kind().ordinal()));
        List<Entry> roots = new ArrayList<>();
        Deque<Entry> open = new ArrayDeque<>();
        for (Entry e : flat) {
            while (!open.isEmpty() && !open.peek().contains(e)) {
                open.pop();
            }
            (open.isEmpty() ? roots : open.peek().children()).add(e);
            open.push(e);
        }
        return roots;
    }

    /** /proc/iomem style text: "%08x-%08x : name" indented by depth, sizes aligned at the end. */
    public String render() {
        List<String[]> rows = new ArrayList<>();
        roots.forEach(e -> rows(e, 0, rows));
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(String.format("%-" + width + "s  %s%n", r[0], r[1]));
        }
        return sb.toString();
    }

    private static void rows(Entry e, int depth, List<String[]> out) {
        out.add(new String[] {String.format("%s%08x-%08x : %s", "  ".repeat(depth), e.base(), e.end() - 1, e.name()),
                "[" + humanSize(e.size()) + "]"});
        e.children().forEach(c -> rows(c, depth + 1, out));
    }

    /** 4096 → "4 KiB", 0x58 → "88 B", 0x1800 → "6 KiB", 0x2800000 → "40 MiB", 1.5 GiB → "1.5 GiB". */
    public static String humanSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String num = v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.1f", v);
        return num + " " + units[u];
    }
}
