package vexmem.board.check;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.Range;
import vexmem.board.ReservedRegion;

/**
 * Linux only prints "OVERLAP DETECTED!" and lets two owners share memory; the emulator treats it as an
 * error because two drivers would then corrupt each other's buffers.
 */
final class ReservedOverlapRule extends Rule {
    ReservedOverlapRule() {
        super("reserved-overlap", Severity.ERROR, "reserved regions (static, and dynamic after placement) must not overlap");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        List<ReservedRegion> rs = b.reserved().regions();
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            for (int j = 0; j < i; j++) {
                Range a = new Range(rs.get(i).base(), rs.get(i).size());
                Range o = new Range(rs.get(j).base(), rs.get(j).size());
                if (a.overlaps(o)) {
                    out.add(finding(rs.get(i).path(), a + " overlaps " + rs.get(j).path() + " " + o));
                }
            }
        }
        return out;
    }
}
