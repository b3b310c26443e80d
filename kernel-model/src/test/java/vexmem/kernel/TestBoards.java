package vexmem.kernel;

import java.util.List;
import vexmem.board.Board;
import vexmem.board.DramBank;

/** A 256 MiB board built from records, booted with a test page allocator if mm has none yet. */
public final class TestBoards {
    private TestBoards() {
    }

    public static Kernel boot() {
        Board b = new Board("test", null, List.of(new DramBank(0x60000000L, 0x10000000L, "/memory")),
                List.of(), List.of(), List.of());
        Kernel k = Kernel.boot(b);
        if (k.pageAllocator() == null) {
            k.setPageAllocator(new TestPageAllocator(0x60000000L, 0x10000000L));
        }
        return k;
    }
}
