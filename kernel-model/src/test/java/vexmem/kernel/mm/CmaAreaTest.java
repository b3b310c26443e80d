package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Placement checked by hand against mm/cma.c + lib/bitmap.c (4.9). */
class CmaAreaTest {
    @Test
    void firstFitWithAlignment() {
        CmaArea a = new CmaArea("linux,cma", 0x80000, 1024, 0, null);
        assertEquals(0x80000, a.alloc(1, 0));
        assertEquals(0x80002, a.alloc(2, 1)); // bit 1 free but not 2-page aligned
        assertEquals(0x80001, a.alloc(1, 0)); // first fit goes back to the hole
        assertEquals(0x80008, a.alloc(8, 3));
        assertEquals(0x80004, a.alloc(4, 0)); // fits exactly in 4..7
        assertTrue(a.release(0x80002, 2));
        assertEquals(0x80002, a.alloc(2, 1));
        assertEquals(1024 - 16, a.freePages());
    }

    @Test
    void alignmentIsOnTheAbsolutePfn() {
        // base pfn 0x78001: an align-2 request must land on a pfn divisible by 4, i.e. bit 3.
        CmaArea a = new CmaArea("odd", 0x78001, 64, 0, null);
        assertEquals(0x78004, a.alloc(4, 2));
        assertEquals(0x78001, a.alloc(3, 0));
        assertEquals(0x78010, a.alloc(16, 4)); // bit 15
        assertEquals(0x78008, a.alloc(4, 2)); // bit 7: 0x78008
    }

    @Test
    void skipsPastBusyBits() {
        CmaArea a = new CmaArea("small", 0x80000, 16, 0, null);
        assertEquals(0x80000, a.alloc(2, 0));
        assertEquals(0x80004, a.alloc(2, 2));
        assertEquals(0x80006, a.alloc(3, 0)); // 2..4 collides with bit 4, scan resumes at 5
        assertEquals(0x80002, a.alloc(2, 0));
    }

    @Test
    void edgeCases() {
        CmaArea a = new CmaArea("small", 0x80000, 16, 0, null);
        assertEquals(-1, a.alloc(0, 0));
        assertEquals(-1, a.alloc(17, 0));
        assertEquals(0x80000, a.alloc(16, 0));
        assertEquals(-1, a.alloc(1, 0));
        assertFalse(a.release(0x7ffff, 1));
        assertFalse(a.release(0x80010, 1));
        assertThrows(IllegalStateException.class, () -> a.release(0x8000f, 2));
        assertTrue(a.release(0x80000, 16));
        assertThrows(IllegalStateException.class, () -> a.release(0x80000, 1));
        assertEquals(-1, new CmaArea("empty", 0x80000, 0, 0, null).alloc(1, 0));
        // an alignment beyond the area's size leaves no room
        assertEquals(-1, new CmaArea("offset", 0x80001, 16, 0, null).alloc(1, 5));
    }

    @Test
    void orderPerBitRoundsToWholeChunks() {
        CmaArea a = new CmaArea("chunky", 0x80000, 16, 1, null);
        assertEquals(0x80000, a.alloc(1, 0));
        assertEquals(0x80002, a.alloc(3, 0));
        assertEquals(0x80008, a.alloc(2, 3));
        assertEquals(16 - 8, a.freePages());
    }
}
