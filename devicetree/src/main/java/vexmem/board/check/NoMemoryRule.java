package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;

/** Without a memory node there is no DRAM to boot from or to place reservations in. */
final class NoMemoryRule extends Rule {
    NoMemoryRule() {
        super("no-memory", Severity.ERROR, "the tree needs at least one memory node (device_type \"memory\") with a non-empty reg");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        return b.banks().isEmpty() ? List.of(finding("/", "no DRAM: no enabled memory node with a usable reg")) : List.of();
    }
}
