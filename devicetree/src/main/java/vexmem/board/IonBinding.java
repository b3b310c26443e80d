package vexmem.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/**
 * The "vexpress,ion" binding (docs/board-format.md): one child per heap with vexpress,heap-type,
 * vexpress,heap-id, a name, and for carveout/chunk/dma heaps a memory-region phandle.
 */
public final class IonBinding {
    public static final String COMPATIBLE = "vexpress,ion";
    private static final Map<String, Integer> TYPES = Map.of(
            "system", IonHeapSpec.TYPE_SYSTEM, "system_contig", IonHeapSpec.TYPE_SYSTEM_CONTIG,
            "system-contig", IonHeapSpec.TYPE_SYSTEM_CONTIG, "carveout", IonHeapSpec.TYPE_CARVEOUT,
            "chunk", IonHeapSpec.TYPE_CHUNK, "dma", IonHeapSpec.TYPE_DMA);
    private static final long PAGE_SIZE = 4096;

    /** One heap child: type (-1 unknown), resolved region path, the spec when well-formed, else what is wrong. */
    public record Heap(DtNode node, int type, String regionPath, IonHeapSpec spec, List<String> problems) { }

    private IonBinding() { }

    /** The first enabled ION node, if the board has one. */
    public static Optional<DtNode> ionNode(DeviceTree tree) {
        return tree.allNodes().stream().filter(n -> n.isCompatible(COMPATIBLE) && n.isEnabled()).findFirst();
    }

    public static List<Heap> heaps(DeviceTree tree, ReservedLayout layout) {
        DtNode ion = ionNode(tree).orElse(null);
        if (ion == null) {
            return List.of();
        }
        List<Heap> out = new ArrayList<>();
        Map<Long, String> ids = new HashMap<>();
        for (DtNode n : ion.children()) {
            if (n.isEnabled()) {
                out.add(heap(tree, n, layout, ids));
            }
        }
        return out;
    }

    private static Heap heap(DeviceTree tree, DtNode n, ReservedLayout layout, Map<Long, String> ids) {
        List<String> problems = new ArrayList<>();
        int type = type(n, problems);
        long id = n.property("vexpress,heap-id").filter(p -> p.length() == 4).map(p -> p.cell(0)).orElse((long) type);
        if (n.has("vexpress,heap-id") && n.property("vexpress,heap-id").get().length() != 4) {
            problems.add("vexpress,heap-id must be one u32 cell");
        } else if (id < 0 || id > 31) {
            problems.add("heap id " + id + " does not fit in the 32-bit heap_id_mask");
        } else if (ids.containsKey(id)) {
            problems.add("heap id " + id + " is already used by " + ids.get(id));
        } else {
            ids.put(id, n.path());
        }
        String name = n.property("vexpress,heap-name").or(() -> n.property("label"))
                .map(DtProperty::string).orElse(n.baseName());
        long chunk = 0;
        if (type == IonHeapSpec.TYPE_CHUNK) {
            chunk = n.property("vexpress,chunk-size").flatMap(p -> Cells.single(p, p.cellCount() == 2 ? 2 : 1)).orElse(0L);
            if (chunk <= 0 || Long.bitCount(chunk) != 1 || chunk % PAGE_SIZE != 0) {
                problems.add("chunk heap needs vexpress,chunk-size, a power of two of at least 4 KiB");
            }
        }
        boolean allowCached = n.has("vexpress,cma-allow-cached");
        if (allowCached && type != IonHeapSpec.TYPE_DMA && type >= 0) {
            problems.add("vexpress,cma-allow-cached only applies to the dma heap");
        }
        String region = regionPath(tree, n, type, layout);
        IonHeapSpec spec = type < 0 ? null : new IonHeapSpec(name, type, (int) id, region, chunk, allowCached);
        return new Heap(n, type, region, problems.isEmpty() ? spec : null, List.copyOf(problems));
    }

    private static int type(DtNode n, List<String> problems) {
        Optional<DtProperty> p = n.property("vexpress,heap-type");
        if (p.isEmpty()) {
            problems.add("missing vexpress,heap-type");
            return -1;
        }
        if (p.get().isStringList()) {
            Integer t = TYPES.get(p.get().string().toLowerCase(Locale.ROOT));
            if (t == null) {
                problems.add("unknown heap type \"" + p.get().string() + "\" (system, system_contig, carveout, chunk, dma)");
                return -1;
            }
            return t;
        }
        if (p.get().length() == 4 && p.get().cell(0) <= IonHeapSpec.TYPE_DMA) {
            return (int) p.get().cell(0);
        }
        problems.add("vexpress,heap-type must be a type name or a u32 from 0 to 4");
        return -1;
    }

    /** True for heap types that allocate from a reserved region. */
    public static boolean needsRegion(int type) {
        return type == IonHeapSpec.TYPE_CARVEOUT || type == IonHeapSpec.TYPE_CHUNK || type == IonHeapSpec.TYPE_DMA;
    }

    /**
     * Path of the node memory-region points at; a dma heap without one uses the default CMA area,
     * as dev_get_cma_area() falls back to dma_contiguous_default_area.
     */
    private static String regionPath(DeviceTree tree, DtNode n, int type, ReservedLayout layout) {
        Optional<DtProperty> mr = n.property("memory-region");
        if (mr.isPresent() && mr.get().length() >= 4) {
            return tree.byPhandle(mr.get().cell(0)).map(DtNode::path).orElse(null);
        }
        if (type == IonHeapSpec.TYPE_DMA) {
            return layout.regions().stream().filter(r -> r.kind() == ReservedRegion.Kind.CMA && r.cmaDefault())
                    .map(ReservedRegion::path).findFirst().orElse(null);
        }
        return null;
    }
}
