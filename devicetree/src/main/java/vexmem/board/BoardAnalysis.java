package vexmem.board;

import java.util.List;
import java.util.Optional;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;

/**
 * Everything the board semantics derive from a tree, computed leniently (never throws) so that the
 * checker can report problems and the builder can refuse them from one shared interpretation.
 */
public record BoardAnalysis(DeviceTree tree, int addressCells, int sizeCells, List<DramBank> banks,
                            ReservedLayout reserved, Optional<DtNode> ionNode, List<IonBinding.Heap> heaps,
                            List<DeviceSpec> devices) {

    public static BoardAnalysis of(DeviceTree tree) {
        List<DramBank> banks = MemoryBanks.banks(tree);
        ReservedLayout layout = ReservedMemoryScanner.scan(tree, banks);
        return new BoardAnalysis(tree, Cells.rootAddressCells(tree.root()), Cells.rootSizeCells(tree.root()),
                banks, layout, IonBinding.ionNode(tree), IonBinding.heaps(tree, layout), Devices.specs(tree));
    }

    /** The root model string, falling back to the first root compatible. */
    public String model() {
        DtNode root = tree.root();
        return root.property("model").map(p -> p.string())
                .orElse(root.compatible().isEmpty() ? "unknown" : root.compatible().get(0));
    }
}
