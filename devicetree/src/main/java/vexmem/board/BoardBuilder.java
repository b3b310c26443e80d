package vexmem.board;

import java.util.List;
import vexmem.board.check.DtChecker;
import vexmem.board.check.Finding;
import vexmem.devicetree.DeviceTree;

/**
 * Builds the {@link Board} the kernel model consumes. A tree with any error-severity finding of
 * {@link DtChecker} is refused: the model should never boot a board that `vexmem dt check` rejects.
 */
public final class BoardBuilder {
    private BoardBuilder() { }

    public static Board build(DeviceTree tree) throws BoardException {
        BoardAnalysis a = BoardAnalysis.of(tree);
        List<Finding> errors = DtChecker.check(a).stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            Finding f = errors.get(0);
            String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors; run vexmem dt check)" : "";
            throw new BoardException(tree.source() + ": " + f.path() + ": " + f.message() + " [" + f.ruleId() + "]" + more);
        }
        List<IonHeapSpec> heaps = a.heaps().stream().map(IonBinding.Heap::spec).toList();
        return new Board(a.model(), tree, a.banks(), a.reserved().regions(), heaps, a.devices());
    }
}
