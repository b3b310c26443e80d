package vexmem.board.check;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.devicetree.DeviceTree;

/** Runs every rule over a tree and returns the findings: errors first, otherwise in rule order. */
public final class DtChecker {
    private static final List<Rule> RULES = List.of(
            new ReservedMemoryFormatRule(),
            new NoMemoryRule(),
            new RegCellsRule(),
            new ZeroSizeRule(),
            new ReservedOverlapRule(),
            new ReservedOutsideDramRule(),
            new DynamicUnplaceableRule(),
            new CmaAlignmentRule(),
            new NomapReusableRule(),
            new CmaNeedsReusableRule(),
            new ReusableNeedsPoolRule(),
            new MultipleCmaDefaultRule(),
            new DanglingPhandleRule(),
            new IonHeapBindingRule(),
            new IonHeapRegionRule());

    private DtChecker() { }

    public static List<Rule> rules() {
        return RULES;
    }

    public static List<Finding> check(DeviceTree tree) {
        return check(BoardAnalysis.of(tree));
    }

    public static List<Finding> check(BoardAnalysis board) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : RULES) {
            out.addAll(r.check(board));
        }
        out.sort((a, b) -> a.severity() != b.severity() ? a.severity().compareTo(b.severity()) : 0);
        return out;
    }
}
