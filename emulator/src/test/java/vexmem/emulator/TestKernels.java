package vexmem.emulator;

import java.nio.file.Path;
import java.util.List;
import vexmem.board.Board;
import vexmem.board.DramBank;
import vexmem.kernel.Kernel;

/** A booted kernel for emulator tests: a V2P-CA9-like board with 512 MiB of DRAM and the real kernel model. */
public final class TestKernels {
    static final long DRAM_BASE = 0x60000000L, DRAM_SIZE = 512L << 20;

    private TestKernels() {
    }

    /** A test guest built from src/test/c. */
    static Path guest(String name) {
        return Path.of("src/test/resources/guest", name).toAbsolutePath();
    }

    /** One of the project's guest programs (guest-programs/bin). */
    static Path program(String name) {
        return Path.of("../guest-programs/bin", name).toAbsolutePath().normalize();
    }

    public static Board board() {
        return new Board("V2P-CA9", null, List.of(new DramBank(DRAM_BASE, DRAM_SIZE, "/memory@60000000")),
                List.of(), List.of(), List.of());
    }

    public static Kernel boot() {
        Kernel k = Kernel.boot(board());
        if (k.pageAllocator() == null || !k.syscalls().has(4)) {
            throw new IllegalStateException("kernel model without page allocator or system calls");
        }
        return k;
    }
}
