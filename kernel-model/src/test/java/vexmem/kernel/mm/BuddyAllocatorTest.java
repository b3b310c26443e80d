package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuddyAllocatorTest {
    private static final long BASE = 0x60000;

    @Test
    void bootStateIsFullyMergedInMaxOrderBlocks() {
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {BASE, BASE + 4096});
        assertEquals(4096, b.totalPageCount());
        assertEquals(4096, b.freePageCount());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4}, b.buddyInfo());
        assertTrue(b.isFullyMerged());
    }

    @Test
    void unalignedRangeDecomposesIntoNaturallyAlignedBlocks() {
        // pfns 3..21: 3(o0) 4-7(o2) 8-15(o3) 16-19(o2) 20(o0)
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {3, 21});
        assertArrayEquals(new int[] {2, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0}, b.buddyInfo());
        assertTrue(b.checkInvariants().isEmpty());
    }

    @Test
    void splitTakesLowestAndGivesBackUpperHalves() {
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {BASE, BASE + 1024});
        assertEquals(BASE, b.allocPages(0));
        // order 10 split down to 0: one free block of each order 0..9
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, b.buddyInfo());
        assertEquals(BASE + 1, b.allocPages(0));
        assertEquals(BASE + 2, b.allocPages(1));
        assertEquals(BASE + 4, b.allocPages(2));
        b.freePages(BASE + 2, 1);
        b.freePages(BASE, 0);
        b.freePages(BASE + 1, 0);
        b.freePages(BASE + 4, 2);
        assertTrue(b.isFullyMerged());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, b.buddyInfo());
    }

    @Test
    void buddiesDoNotMergeAcrossAHole() {
        // Two 4-page ranges separated by a hole: buddies of 8-page blocks never both exist.
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {0x100, 0x104}, new long[] {0x108, 0x10c});
        assertArrayEquals(new int[] {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0}, b.buddyInfo());
        assertEquals(-1, b.allocPages(3));
        long p = b.allocPages(2);
        b.freePages(p, 2);
        assertTrue(b.isFullyMerged());
    }

    @Test
    void exhaustionReturnsMinusOne() {
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {BASE, BASE + 16});
        assertEquals(-1, b.allocPages(5));
        assertEquals(-1, b.allocPages(PageSize.MAX_ORDER));
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            got.add(b.allocPages(0));
        }
        assertEquals(-1, b.allocPages(0));
        assertEquals(-1, b.allocPagesExact(1));
        assertEquals(0, b.freePageCount());
        got.forEach(p -> b.freePages(p, 0));
        assertTrue(b.isFullyMerged());
    }

    @Test
    void allocPagesExactGivesBackTheTailAndPagesFreeOneByOne() {
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {BASE, BASE + 1024});
        long p = b.allocPagesExact(5); // order 3 block, pages 5..7 returned
        assertEquals(BASE, p);
        assertEquals(1024 - 5, b.freePageCount());
        assertEquals(BASE + 5, b.allocPages(0));
        assertEquals(BASE + 6, b.allocPages(1));
        b.freePages(BASE + 5, 0);
        b.freePages(BASE + 6, 1);
        for (int i = 4; i >= 0; i--) {
            b.freePages(p + i, 0);
        }
        assertTrue(b.isFullyMerged());
        assertEquals(-1, b.allocPagesExact(0));
        assertEquals(-1, b.allocPagesExact(1025));
        long big = b.allocPagesExact(1024);
        assertEquals(BASE, big);
        for (int i = 0; i < 1024; i++) {
            b.freePages(big + i, 0);
        }
        assertTrue(b.isFullyMerged());
    }

    @Test
    void kernelBugsAreCaught() {
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {BASE, BASE + 64});
        long p = b.allocPages(2);
        var wrongOrder = assertThrows(IllegalStateException.class, () -> b.freePages(p, 1));
        assertTrue(wrongOrder.getMessage().contains("0x60000"));
        assertThrows(IllegalStateException.class, () -> b.freePages(p + 1, 0));
        b.freePages(p, 2);
        var dbl = assertThrows(IllegalStateException.class, () -> b.freePages(p, 2));
        assertTrue(dbl.getMessage().contains("0x60000"), dbl.getMessage());
        var out = assertThrows(IllegalStateException.class, () -> b.freePages(BASE + 64, 0));
        assertTrue(out.getMessage().contains("0x60040"), out.getMessage());
        assertThrows(IllegalStateException.class, () -> b.freePages(5, 0));
        assertTrue(b.isFullyMerged());
    }

    @Test
    void leakReportNamesBlocks() {
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {BASE, BASE + 64});
        b.allocPages(0);
        b.allocPages(3);
        List<String> leaks = MemoryInit.buddyLeaks(b);
        assertEquals(List.of("page allocator: 9 pages still allocated: pfn 0x60000 order 0, pfn 0x60008 order 3"), leaks);
    }
}
