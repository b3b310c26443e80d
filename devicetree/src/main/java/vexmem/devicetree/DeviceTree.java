package vexmem.devicetree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole device tree: the root node, the /memreserve/ entries of the blob header, and the file it was
 * read from (for messages). Lookups by path, label and phandle are computed on demand.
 */
public final class DeviceTree {
    /** A /memreserve/ entry of the flattened tree header. */
    public record MemReserve(long address, long size) { }

    private final DtNode root;
    private final List<MemReserve> memReserves;
    private final String source;

    public DeviceTree(DtNode root, List<MemReserve> memReserves, String source) {
        this.root = root;
        this.memReserves = List.copyOf(memReserves);
        this.source = source;
    }

    public DtNode root() {
        return root;
    }

    public List<MemReserve> memReserves() {
        return memReserves;
    }

    /** The file (or other origin) this tree was read from. */
    public String source() {
        return source;
    }

    /** Node at an absolute path such as "/reserved-memory/linux,cma". */
    public Optional<DtNode> node(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        DtNode n = root;
        for (String part : path.substring(1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            Optional<DtNode> c = n.child(part);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            n = c.get();
        }
        return Optional.of(n);
    }

    public Optional<DtNode> byLabel(String label) {
        DtNode[] found = new DtNode[1];
        root.walk(n -> {
            if (found[0] == null && n.labels().contains(label)) {
                found[0] = n;
            }
        });
        return Optional.ofNullable(found[0]);
    }

    public Optional<DtNode> byPhandle(long phandle) {
        if (phandle == 0 || phandle == 0xffffffffL) {
            return Optional.empty();
        }
        return Optional.ofNullable(phandleMap().get(phandle));
    }

    public Map<Long, DtNode> phandleMap() {
        Map<Long, DtNode> m = new HashMap<>();
        root.walk(n -> {
            long ph = n.phandle();
            if (ph != 0) {
                m.putIfAbsent(ph, n);
            }
        });
        return m;
    }

    public List<DtNode> allNodes() {
        List<DtNode> all = new ArrayList<>();
        root.walk(all::add);
        return all;
    }

    /** Structural equality of two trees (names, property bytes, child order, memreserves). */
    public boolean sameAs(DeviceTree o) {
        return memReserves.equals(o.memReserves) && root.sameAs(o.root);
    }
}
