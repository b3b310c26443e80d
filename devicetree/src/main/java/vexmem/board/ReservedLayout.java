package vexmem.board;

import java.util.List;
import java.util.Optional;
import vexmem.devicetree.DtNode;

/**
 * Outcome of scanning /reserved-memory the way Linux 4.9 does (drivers/of/fdt.c + of_reserved_mem.c).
 *
 * @param node          the /reserved-memory node, null when absent
 * @param formatProblem why Linux would ignore the whole node, null when the node is usable
 * @param regions       recorded regions in node order; dynamic ones with their placed base
 * @param unplaced      dynamic regions memblock found no room for
 * @param ignored       children Linux skips because a property is malformed
 */
public record ReservedLayout(DtNode node, String formatProblem, List<ReservedRegion> regions,
                             List<NodeProblem> unplaced, List<NodeProblem> ignored) {

    /** A child that did not become a region, and why. */
    public record NodeProblem(DtNode node, String reason) { }

    public Optional<ReservedRegion> region(String path) {
        return regions.stream().filter(r -> r.path().equals(path)).findFirst();
    }
}
