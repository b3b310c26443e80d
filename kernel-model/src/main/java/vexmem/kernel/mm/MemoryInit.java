package vexmem.kernel.mm;

import vexmem.board.DramBank;
import vexmem.kernel.Kernel;

/** Early memory setup: backs every DRAM bank with host memory. Allocators are added by the mm work. */
public final class MemoryInit {
    private MemoryInit() {
    }

    public static Runnable init(Kernel k) {
        for (DramBank b : k.board().banks()) {
            k.physicalMemory().addRange("System RAM", b.base(), b.size());
        }
        return null;
    }
}
