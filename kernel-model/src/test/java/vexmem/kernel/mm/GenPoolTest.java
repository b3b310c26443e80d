package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GenPoolTest {
    @Test
    void firstFitOverGranules() {
        GenPool p = new GenPool(12);
        p.add(0x70000000L, 16 * 4096);
        assertEquals(16 * 4096, p.size());
        assertEquals(0x70000000L, p.alloc(1));
        assertEquals(0x70001000L, p.alloc(4097)); // two granules
        assertEquals(0x70003000L, p.alloc(4096));
        p.free(0x70001000L, 4097);
        assertEquals(0x70001000L, p.alloc(4096)); // first fit reuses the hole
        assertEquals(0x70004000L, p.alloc(8192)); // hole of 1 granule skipped
        assertEquals(0, p.alloc(11 * 4096));
        assertEquals(0, p.alloc(0));
        assertEquals(11 * 4096, p.avail());
    }

    @Test
    void multipleChunksAndChunkOrder() {
        GenPool p = new GenPool(16); // 64 KiB chunks, as a chunk heap
        p.add(0x80000000L, 1 << 17);
        p.add(0x90000000L, 1 << 18);
        // gen_pool_add_virt uses list_add_rcu (head), so the chunk added last is searched first
        assertEquals(0x90000000L, p.alloc(1));
        assertEquals(0x90010000L, p.alloc(1 << 17));
        assertEquals(0x90030000L, p.alloc(1 << 16));
        assertEquals(0x80000000L, p.alloc(1));
    }

    @Test
    void freeChecksOwnership() {
        GenPool p = new GenPool(12);
        p.add(0x70000000L, 4 * 4096);
        long a = p.alloc(4096);
        assertThrows(IllegalStateException.class, () -> p.free(0x60000000L, 4096));
        assertThrows(IllegalStateException.class, () -> p.free(a + 4096, 4096));
        assertThrows(IllegalStateException.class, () -> p.free(a, 8192));
        p.free(a, 4096);
        assertThrows(IllegalStateException.class, () -> p.free(a, 4096));
        assertEquals(4 * 4096, p.avail());
    }
}
