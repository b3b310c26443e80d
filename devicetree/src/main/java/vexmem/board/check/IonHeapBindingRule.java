package vexmem.board.check;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.BoardAnalysis;
import vexmem.board.IonBinding;

/** Heap children must say what they are: a known type, a unique id below 32, a chunk size for chunk heaps. */
final class IonHeapBindingRule extends Rule {
    IonHeapBindingRule() {
        super("ion-heap-binding", Severity.ERROR,
                "each ION heap needs a known vexpress,heap-type, a unique vexpress,heap-id < 32, and chunk heaps a vexpress,chunk-size");
    }

    @Override
    public List<Finding> check(BoardAnalysis b) {
        List<Finding> out = new ArrayList<>();
        b.ionNode().filter(n -> b.heaps().isEmpty())
                .ifPresent(n -> out.add(finding(n.path(), "ION node has no heap children: probe fails with EINVAL")));
        for (IonBinding.Heap h : b.heaps()) {
            h.problems().forEach(p -> out.add(finding(h.node().path(), p)));
        }
        return out;
    }
}
