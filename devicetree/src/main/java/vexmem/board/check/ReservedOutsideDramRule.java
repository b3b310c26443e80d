package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.DramBank;

/**
 * A warning, not an error: Linux does not check it and real boards use it on purpose (the 5.10
 * vexpress vram pool lives in static memory, outside /memory). It is a mistake for CMA or ION regions.
 */
final class ReservedOutsideDramRule extends Rule {
    ReservedOutsideDramRule() {
        super("reserved-outside-dram", Severity.WARNING,
                "a reserved region not inside one DRAM bank reserves nothing from RAM (fine for device memory, wrong for CMA/ION)");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        return b.reserved().regions().stream()
                .filter(r -> r.size() > 0 && b.banks().stream().noneMatch(d -> d.contains(r.base(), r.size())))
                .map(r -> finding(r.path(), String.format("region [0x%x-0x%x) is not inside any DRAM bank%s", r.base(),
                        r.end(), banks(b.banks()))))
                .toList();
    }

    private static String banks(List<DramBank> banks) {
        return banks.isEmpty() ? "" : " (DRAM: " + String.join(", ", banks.stream()
                .map(d -> String.format("[0x%x-0x%x)", d.base(), d.end())).toList()) + ")";
    }
}
