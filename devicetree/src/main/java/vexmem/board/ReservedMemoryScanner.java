package vexmem.board;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/**
 * Turns /reserved-memory into placed {@link ReservedRegion}s: the format check of
 * __reserved_mem_check_root, static regions reserved during the scan (only the first reg entry
 * recorded), then dynamic ones allocated in node order, top-down, one alloc-ranges window after another.
 */
public final class ReservedMemoryScanner {
    /** PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order) with 4 KiB pages and MAX_ORDER 11. */
    public static final long CMA_MIN_ALIGN = 0x400000L;

    private ReservedMemoryScanner() { }

    public static ReservedLayout scan(DeviceTree tree, List<DramBank> banks) {
        DtNode root = tree.root();
        DtNode rm = root.child("reserved-memory").orElse(null);
        if (rm == null) {
            return new ReservedLayout(null, null, List.of(), List.of(), List.of());
        }
        int ac = Cells.rootAddressCells(root);
        int sc = Cells.rootSizeCells(root);
        String problem = formatProblem(rm, ac, sc);
        if (problem != null) {
            return new ReservedLayout(rm, problem, List.of(), List.of(), List.of());
        }
        Memblock memblock = new Memblock(banks);
        tree.memReserves().forEach(m -> memblock.take(new Range(m.address(), m.size())));

        Map<DtNode, ReservedRegion> placed = new HashMap<>();
        List<DtNode> dynamic = new ArrayList<>();
        List<ReservedLayout.NodeProblem> ignored = new ArrayList<>();
        List<ReservedLayout.NodeProblem> unplaced = new ArrayList<>();
        for (DtNode child : rm.children()) {
            if (!child.isEnabled()) {
                continue;
            }
            Optional<DtProperty> reg = child.property("reg");
            if (reg.isPresent()) {
                Optional<List<Range>> entries = Cells.pairs(reg.get(), ac, sc);
                if (entries.isEmpty()) {
                    ignored.add(new ReservedLayout.NodeProblem(child, "reg is not a whole number of (address, size) entries"));
                    continue;
                }
                entries.get().forEach(memblock::take);
                Range first = entries.get().get(0);
                placed.put(child, region(child, first.base(), first.size(), false));
            } else if (child.has("size")) {
                dynamic.add(child);
            } else {
                ignored.add(new ReservedLayout.NodeProblem(child, "has neither reg nor size"));
            }
        }
        for (DtNode child : dynamic) {
            place(child, ac, sc, banks, memblock, placed, ignored, unplaced);
        }
        List<ReservedRegion> regions = rm.children().stream().filter(placed::containsKey).map(placed::get).toList();
        return new ReservedLayout(rm, null, regions, List.copyOf(unplaced), List.copyOf(ignored));
    }

    /** Why Linux prints "unsupported node format, ignoring", or null. */
    static String formatProblem(DtNode rm, int ac, int sc) {
        Optional<Integer> nac = Cells.declared(rm, "#address-cells");
        Optional<Integer> nsc = Cells.declared(rm, "#size-cells");
        if (nac.isEmpty() || nac.get() != ac) {
            return "#address-cells is " + nac.map(String::valueOf).orElse("missing") + ", must equal the root's " + ac;
        }
        if (nsc.isEmpty() || nsc.get() != sc) {
            return "#size-cells is " + nsc.map(String::valueOf).orElse("missing") + ", must equal the root's " + sc;
        }
        if (!rm.has("ranges")) {
            return "missing the empty ranges property";
        }
        return null;
    }

    private static void place(DtNode child, int ac, int sc, List<DramBank> banks, Memblock memblock,
                              Map<DtNode, ReservedRegion> placed, List<ReservedLayout.NodeProblem> ignored,
                              List<ReservedLayout.NodeProblem> unplaced) {
        Optional<Long> size = Cells.single(child.property("size").orElseThrow(), sc);
        if (size.isEmpty()) {
            ignored.add(new ReservedLayout.NodeProblem(child, "size is not #size-cells (" + sc + ") long"));
            return;
        }
        long align = 0;
        if (child.has("alignment")) {
            Optional<Long> a = Cells.single(child.property("alignment").get(), ac);
            if (a.isEmpty()) {
                ignored.add(new ReservedLayout.NodeProblem(child, "alignment is not #address-cells (" + ac + ") long"));
                return;
            }
            align = a.get();
        }
        if (isCmaCandidate(child)) {
            align = Math.max(align, CMA_MIN_ALIGN);
        }
        List<Range> windows;
        if (child.has("alloc-ranges")) {
            Optional<List<Range>> w = Cells.pairs(child.property("alloc-ranges").get(), ac, sc);
            if (w.isEmpty()) {
                ignored.add(new ReservedLayout.NodeProblem(child, "alloc-ranges is not a whole number of (address, size) entries"));
                return;
            }
            windows = w.get();
        } else {
            long top = banks.stream().mapToLong(DramBank::end).max().orElse(0);
            windows = List.of(new Range(0, top));
        }
        for (Range w : windows) {
            Optional<Long> base = memblock.findTopDown(size.get(), align, w.base(), w.end());
            if (base.isPresent()) {
                Range r = new Range(base.get(), size.get());
                memblock.take(r);
                placed.put(child, region(child, r.base(), r.size(), true));
                return;
            }
        }
        unplaced.add(new ReservedLayout.NodeProblem(child, String.format(
                "no free 0x%x bytes aligned to 0x%x in %s", size.get(), Math.max(align, Memblock.DEFAULT_ALIGN),
                child.has("alloc-ranges") ? "any alloc-ranges window" : "DRAM")));
    }

    /** shared-dma-pool + reusable without no-map: rmem_cma_setup will take it, so memblock aligns it for CMA. */
    static boolean isCmaCandidate(DtNode n) {
        return n.isCompatible("shared-dma-pool") && n.has("reusable") && !n.has("no-map");
    }

    private static ReservedRegion region(DtNode n, long base, long size, boolean dynamic) {
        return new ReservedRegion(n.name(), n.path(), base, size, dynamic, n.has("no-map"), n.has("reusable"),
                n.compatible(), n.has("linux,cma-default"), n.phandle());
    }
}
