package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Kernel;

class KernelMapTest {
    @Test
    void linearMapCoversFirst760MiB() {
        try (Kernel k = Kernel.boot(TestBoards.ca9())) {
            KernelMap m = k.service(KernelMap.class);
            assertEquals(0xef800000L, m.highMemory());
            assertEquals(0xf0000000L, m.vmallocStart());
            assertEquals(0xc1234000L, m.physToVirt(0x61234000L));
            assertEquals(0x8f7fffffL, m.virtToPhys(0xef7fffffL));
            assertThrows(IllegalArgumentException.class, () -> m.physToVirt(0x8f800000L)); // highmem
            assertThrows(IllegalArgumentException.class, () -> m.physToVirt(0x4c000000L)); // vram
            assertThrows(IllegalArgumentException.class, () -> m.virtToPhys(0xf0000000L));
            // the no-map carveout has an address but is not mapped
            long hole = m.physToVirt(0x70000000L);
            assertThrows(IllegalArgumentException.class, () -> m.read(hole, new byte[1], 0, 1));
        }
    }

    @Test
    void smallBoardHasSmallerLowmem() {
        try (Kernel k = Kernel.boot(TestBoards.board(256L << 20))) {
            KernelMap m = k.service(KernelMap.class);
            assertEquals(0xd0000000L, m.highMemory());
            assertEquals(0xd0800000L, m.vmallocStart());
        }
    }

    @Test
    void vmapAndLinearMapReachTheSameBytes() {
        try (Kernel k = Kernel.boot(TestBoards.ca9())) {
            KernelMap m = k.service(KernelMap.class);
            PageAllocator pa = k.pageAllocator();
            long a = pa.allocPages(0), b = pa.allocPages(0), high = -1;
            // a highmem page too: vmap works for any backed frame, including vram outside DRAM
            long vram = PageSize.pfn(0x4c000000L);
            long v = m.vmap(new long[] {b, a, vram});
            assertEquals(0xf0000000L, v);
            byte[] msg = "across the page boundary".getBytes(StandardCharsets.US_ASCII);
            m.write(v + 4096 - 6, msg, 0, msg.length);
            byte[] tail = new byte[msg.length - 6];
            m.read(m.physToVirt(PageSize.phys(a)), tail, 0, tail.length);
            assertArrayEquals("the page boundary".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(tail, 1, tail.length));
            assertArrayEquals("across".getBytes(StandardCharsets.US_ASCII), k.physicalMemory().read(PageSize.phys(b) + 4090, 6));
            m.write(v + 8192, msg, 0, 4);
            assertArrayEquals("acro".getBytes(StandardCharsets.US_ASCII), k.physicalMemory().read(0x4c000000L, 4));
            assertEquals(a, m.vmallocToPfn(v + 4096));
            // guard page after the area, and the next area starts past it
            assertThrows(IllegalArgumentException.class, () -> m.read(v + 3 * 4096, new byte[1], 0, 1));
            long v2 = m.vmap(new long[] {a});
            assertEquals(v + 4 * 4096, v2);
            m.vunmap(v);
            assertThrows(IllegalStateException.class, () -> m.vunmap(v));
            assertThrows(IllegalArgumentException.class, () -> m.read(v, new byte[1], 0, 1));
            assertEquals(v, m.vmap(new long[] {b})); // first fit reuses the hole
            m.vunmap(v);
            m.vunmap(v2);
            assertEquals(0, m.vmap(new long[0]));
            assertThrows(IllegalArgumentException.class, () -> m.vmap(new long[] {0x10}));
            pa.freePages(a, 0);
            pa.freePages(b, 0);
        }
    }
}
