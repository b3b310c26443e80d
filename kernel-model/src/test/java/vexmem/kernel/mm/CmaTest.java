package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CmaTest {
    private PhysicalMemory phys;
    private Cma cma;
    private CmaArea area;

    @BeforeEach
    void setUp() {
        phys = new PhysicalMemory();
        phys.addRange("System RAM", 0x60000000L, 16L << 20);
        cma = new Cma(phys);
        area = new CmaArea("linux,cma", 0x60000, 4096, 0, phys);
        cma.declare("/reserved-memory/linux,cma", area, true);
    }

    @AfterEach
    void tearDown() {
        phys.close();
    }

    @Test
    void dmaAllocCapsAlignmentAtOrder8AndZeroes() {
        phys.fill(0x60000000L, 4L << 20, (byte) 0x5a);
        long a = cma.dmaAlloc(area, 100);          // 1 page, align 0
        long b = cma.dmaAlloc(area, 2L << 20);     // 512 pages: order 9 capped at 8 -> 1 MiB aligned
        long c = cma.dmaAlloc(area, 3 * 4096 + 1); // 4 pages, align order 2
        assertEquals(0x60000000L, a);
        assertEquals(0x60100000L, b);
        assertEquals(0x60004000L, c);
        assertArrayEquals(new byte[4096], phys.read(a, 4096));
        assertArrayEquals(new byte[4096], phys.read(b + (2L << 20) - 4096, 4096));
        assertEquals(0x5a, phys.read(0x60001000L, 1)[0]); // untouched page between a and c
        cma.dmaFree(area, b, 2L << 20);
        cma.dmaFree(area, a, 100);
        cma.dmaFree(area, c, 3 * 4096 + 1);
        assertEquals(4096, area.freePages());
        assertThrows(IllegalStateException.class, () -> cma.dmaFree(area, 0x70000000L, 4096));
        assertEquals(-1, cma.dmaAlloc(area, 0));
        assertEquals(-1, cma.dmaAlloc(null, 4096));
        assertEquals(-1, cma.dmaAlloc(area, 17L << 20));
    }

    @Test
    void lookupAndSlots() {
        assertEquals(area, cma.defaultArea().orElseThrow());
        assertEquals(area, cma.byRegionPath("/reserved-memory/linux,cma").orElseThrow());
        for (int i = 1; i < Cma.MAX_CMA_AREAS; i++) {
            cma.declare("/r/" + i, new CmaArea("a" + i, 0x70000 + i * 0x400L, 0x400, 0, phys), false);
        }
        var e = assertThrows(vexmem.kernel.KernelError.class,
                () -> cma.declare("/r/9", new CmaArea("a9", 0x90000, 0x400, 0, phys), false));
        assertEquals(vexmem.kernel.Errno.ENOSPC, e.errno());
        assertEquals(Cma.MAX_CMA_AREAS, cma.areas().size());
    }
}
