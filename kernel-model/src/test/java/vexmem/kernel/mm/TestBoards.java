package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.Board;
import vexmem.board.DramBank;
import vexmem.board.ReservedRegion;

/** Boards built from records directly (the device-tree readers are developed separately). */
final class TestBoards {
    static final long DRAM = 0x60000000L;
    static final long GIB = 1L << 30, MIB = 1L << 20;

    private TestBoards() {
    }

    static ReservedRegion cma(String name, long base, long size, boolean isDefault) {
        return new ReservedRegion(name, "/reserved-memory/" + name, base, size, false, false, true,
                List.of("shared-dma-pool"), isDefault, 0);
    }

    static ReservedRegion coherent(String name, long base, long size) {
        return new ReservedRegion(name, "/reserved-memory/" + name, base, size, false, true, false,
                List.of("shared-dma-pool"), false, 0);
    }

    static ReservedRegion carveout(String name, long base, long size) {
        return new ReservedRegion(name, "/reserved-memory/" + name, base, size, false, true, false, List.of(), false, 0);
    }

    static ReservedRegion reserved(String name, long base, long size) {
        return new ReservedRegion(name, "/reserved-memory/" + name, base, size, false, false, false, List.of(), false, 0);
    }

    static Board board(long dramSize, ReservedRegion... regions) {
        return new Board("test", null, List.of(new DramBank(DRAM, dramSize, "/memory@60000000")),
                new ArrayList<>(List.of(regions)), List.of(), List.of());
    }

    /** V2P-CA9-like: 1 GiB, a 16 MiB no-map carveout, 64 MiB default CMA at the top of lowmem, vram outside DRAM. */
    static Board ca9() {
        return board(GIB,
                carveout("ion-carveout@70000000", 0x70000000L, 16 * MIB),
                cma("linux,cma", 0x8b800000L, 64 * MIB, true),
                coherent("vram@4c000000", 0x4c000000L, 8 * MIB));
    }
}
