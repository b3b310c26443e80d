package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.board.ReservedRegion;
import vexmem.kernel.Kernel;

class MemoryInitTest {
    @Test
    void bootsCa9WithLinuxLayoutAndLog() {
        try (Kernel k = Kernel.boot(TestBoards.ca9())) {
            // 1 GiB - 16 MiB carveout hole = 258048 pages; CMA 16384 aside; buddy 241664.
            assertEquals(241664, k.pageAllocator().totalPageCount());
            assertEquals(241664, k.pageAllocator().freePageCount());
            assertTrue(k.log().contains("Reserved memory: created CMA memory pool at 0x8b800000, size 64 MiB"));
            assertTrue(k.log().contains("OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool"));
            assertTrue(k.log().contains("Reserved memory: created DMA memory pool at 0x4c000000, size 8 MiB"));
            assertTrue(k.log().contains("Memory: 966656K/1032192K available (0K kernel code, 0K rwdata, 0K rodata, "
                    + "0K init, 0K bss, 0K reserved, 65536K cma-reserved, 270336K highmem)"), k.log().lines().toString());
            // vram outside DRAM is backed; the no-map carveout stays backed as part of its bank.
            assertTrue(k.physicalMemory().isBacked(0x4c000000L, 8L << 20));
            assertTrue(k.physicalMemory().isBacked(0x70000000L, 16L << 20));
            Cma cma = k.service(Cma.class);
            assertEquals("linux,cma", cma.defaultArea().orElseThrow().name());
            assertEquals(0x8b800, cma.byRegionPath("/reserved-memory/linux,cma").orElseThrow().basePfn());
            assertEquals(0xc0000000L, k.service(KernelMap.class).physToVirt(0x60000000L));
        }
    }

    @Test
    void meminfoCountsCmaAsLinuxDoes() {
        try (Kernel k = Kernel.boot(TestBoards.ca9())) {
            Cma cma = k.service(Cma.class);
            long p = cma.dmaAlloc(cma.defaultArea().orElseThrow(), 1L << 20);
            long pfn = k.pageAllocator().allocPages(2);
            String mi = MemInfo.meminfo(k);
            assertTrue(mi.startsWith("MemTotal:        1032192 kB\nMemFree:         1031152 kB\nMemAvailable:    1031152 kB\nBuffers:               0 kB\n"), mi);
            assertTrue(mi.contains("\nHighTotal:        270336 kB\nHighFree:         270336 kB\nLowTotal:         761856 kB\n"), mi);
            assertTrue(mi.contains("\nVmallocTotal:     245760 kB\n"), mi);
            assertTrue(mi.endsWith("CmaTotal:          65536 kB\nCmaFree:           64512 kB\n"), mi);
            for (String line : mi.split("\n")) {
                assertTrue(line.matches("[A-Za-z_()]+:\\s+\\d+ kB") && line.indexOf(" kB") == 24, line);
            }
            cma.dmaFree(cma.defaultArea().orElseThrow(), p, 1L << 20);
            k.pageAllocator().freePages(pfn, 2);
        }
    }

    @Test
    void iomemListsSystemRamAroundNoMapHoles() {
        try (Kernel k = Kernel.boot(TestBoards.ca9())) {
            assertEquals("60000000-6fffffff : System RAM\n71000000-9fffffff : System RAM\n", MemInfo.iomem(k));
        }
    }

    @Test
    void mappedReservationsAreNeitherBuddyNorCma() {
        try (Kernel k = Kernel.boot(TestBoards.board(256L << 20,
                TestBoards.reserved("ramoops@6f000000", 0x6f000000L, 1L << 20)))) {
            assertEquals(65536 - 256, k.pageAllocator().totalPageCount());
            assertTrue(k.log().contains("1024K reserved, 0K cma-reserved, 0K highmem"), k.log().lines().toString());
            assertTrue(MemInfo.meminfo(k).startsWith("MemTotal:         261120 kB\n"));
            assertEquals("60000000-6fffffff : System RAM\n", MemInfo.iomem(k));
        }
    }

    @Test
    void cmaChecksAndSlotLimit() {
        List<ReservedRegion> rs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rs.add(TestBoards.cma("cma" + i, 0x60000000L + i * (4L << 20), 4L << 20, false));
        }
        rs.add(TestBoards.cma("misaligned", 0x6a100000L, 4L << 20, false));
        try (Kernel k = Kernel.boot(TestBoards.board(256L << 20, rs.toArray(ReservedRegion[]::new)))) {
            Cma cma = k.service(Cma.class);
            assertEquals(8, cma.areas().size());
            assertTrue(k.log().contains("Not enough slots for CMA reserved regions!"));
            assertTrue(k.log().contains("Reserved memory: incorrect alignment of CMA region"));
            assertTrue(cma.byRegionPath("/reserved-memory/cma8").isEmpty());
            assertTrue(cma.defaultArea().isEmpty());
            // 9 x 4 MiB + the misaligned one stay memblock-reserved: none in the buddy.
            assertEquals(65536 - 10 * 1024, k.pageAllocator().totalPageCount());
        }
    }

    @Test
    void cmaStraddlingLowmemAndHighmemCannotBeActivated() {
        // 1 GiB at 0x60000000: lowmem ends at 0x8f800000; [0x8f400000, 0x8fc00000) crosses it
        try (Kernel k = Kernel.boot(TestBoards.board(1L << 30,
                TestBoards.cma("straddle", 0x8f400000L, 8L << 20, true)))) {
            CmaArea a = k.service(Cma.class).defaultArea().orElseThrow();
            assertTrue(k.log().contains("cma: CMA area straddle could not be activated"));
            assertEquals(0, a.count());
            assertEquals(-1, a.alloc(1, 0));
        }
        try (Kernel k = Kernel.boot(TestBoards.board(1L << 30,
                TestBoards.cma("high", 0x8f800000L, 4L << 20, true)))) {
            assertEquals(1024, k.service(Cma.class).defaultArea().orElseThrow().count(), "wholly highmem is fine");
        }
    }

    @Test
    void cmaOutsideRamIsDeclaredButEmpty() {
        try (Kernel k = Kernel.boot(TestBoards.board(256L << 20,
                TestBoards.cma("outside", 0x48000000L, 4L << 20, true)))) {
            CmaArea a = k.service(Cma.class).defaultArea().orElseThrow();
            assertTrue(k.log().contains("cma: CMA area outside could not be activated"));
            assertEquals(0, a.count());
            assertEquals(-1, a.alloc(1, 0));
            assertEquals(65536, k.pageAllocator().totalPageCount());
        }
    }

    @Test
    void shutdownNamesLeaks() {
        Kernel k = Kernel.boot(TestBoards.ca9());
        long pfn = k.pageAllocator().allocPages(0);
        Cma cma = k.service(Cma.class);
        cma.dmaAlloc(cma.defaultArea().orElseThrow(), 8192);
        long v = k.service(KernelMap.class).vmap(new long[] {pfn});
        var e = assertThrows(Kernel.LeakException.class, k::close);
        assertEquals(List.of(
                "page allocator: 1 pages still allocated: pfn 0x60000 order 0",
                "cma linux,cma: 2 pages still allocated: pfn 0x8b800+2",
                String.format("vmap area still mapped: 0x%08x-0x%08x pages=1", v, v + 8192)), e.leaks());
    }

    @Test
    void cleanShutdownHasNoLeaks() {
        Kernel k = Kernel.boot(TestBoards.ca9());
        long pfn = k.pageAllocator().allocPagesExact(3);
        for (int i = 0; i < 3; i++) {
            k.pageAllocator().freePages(pfn + i, 0);
        }
        assertEquals(List.of(), k.shutdown());
        k.close();
    }
}
