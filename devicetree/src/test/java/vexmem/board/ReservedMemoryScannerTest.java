package vexmem.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.io.TestTrees;

/** Placement follows Linux 4.9 + memblock: statics first, dynamics in node order, top-down, per window. */
class ReservedMemoryScannerTest {

    /** 256 MiB of DRAM at 0x60000000 with the given reserved-memory children (root cells 1/1). */
    private static ReservedLayout layout(String children, String memreserve) throws Exception {
        DeviceTree t = TestTrees.json("""
                {%s"properties": {"#address-cells": 1, "#size-cells": 1},
                 "children": {"memory@60000000": {"properties": {"device_type": "memory", "reg": ["0x60000000", "0x10000000"]}},
                   "reserved-memory": {"properties": {"#address-cells": 1, "#size-cells": 1, "ranges": true},
                     "children": {%s}}}}""".formatted(memreserve, children));
        return ReservedMemoryScanner.scan(t, MemoryBanks.banks(t));
    }

    private static long base(ReservedLayout l, String name) {
        return l.region("/reserved-memory/" + name).orElseThrow().base();
    }

    @Test
    void dynamicRegionsGoTopDownAfterAllStaticOnesWhateverTheNodeOrder() throws Exception {
        ReservedLayout l = layout("""
                "first": {"properties": {"size": "0x100000"}},
                "top@6ff00000": {"properties": {"reg": ["0x6ff00000", "0x100000"]}},
                "second": {"properties": {"size": "0x100000"}}""", "");
        assertEquals(0x6fe00000L, base(l, "first"), "below the static region even though it comes first");
        assertEquals(0x6fd00000L, base(l, "second"));
        assertEquals("first", l.regions().get(0).name(), "regions keep node order");
    }

    @Test
    void cmaAlignmentIsRaisedToFourMiB() throws Exception {
        ReservedLayout l = layout("""
                "top@6ff00000": {"properties": {"reg": ["0x6ff00000", "0x100000"]}},
                "cma": {"properties": {"compatible": "shared-dma-pool", "reusable": true, "size": "0x400000", "alignment": "0x1000"}},
                "plain": {"properties": {"size": "0x400000", "alignment": "0x1000"}}""", "");
        assertEquals(0x6f800000L, base(l, "cma"), "4 MiB aligned, not merely below 0x6ff00000");
        assertEquals(0x6f400000L, base(l, "plain"), "right below the CMA area, 4 KiB alignment is enough");
    }

    @Test
    void nonPowerOfTwoAlignmentIsAMaskAsInMemblockRoundDown() throws Exception {
        ReservedLayout l = layout("""
                "odd": {"properties": {"size": "0x100000", "alignment": "0x300000"}}""", "");
        // round_down(0x6ff00000, 0x300000) = 0x6ff00000 & ~0x2fffff
        assertEquals(0x6fd00000L, base(l, "odd"));
    }

    @Test
    void allocRangesWindowsAreTriedInTurn() throws Exception {
        ReservedLayout l = layout("""
                "blocker@60000000": {"properties": {"reg": ["0x60000000", "0x1000000"]}},
                "pool": {"properties": {"size": "0x100000", "alloc-ranges": ["0x60000000", "0x1000000", "0x68000000", "0x1000000"]}}""", "");
        assertEquals(0x68f00000L, base(l, "pool"), "first window is full, so the top of the second");
    }

    @Test
    void memreserveEntriesAreAvoided() throws Exception {
        ReservedLayout l = layout("\"pool\": {\"properties\": {\"size\": \"0x100000\"}}",
                "\"memreserve\": [[\"0x6ff00000\", \"0x100000\"]], ");
        assertEquals(0x6fe00000L, base(l, "pool"));
    }

    @Test
    void onlyTheFirstRegEntryIsRecordedButAllAreReserved() throws Exception {
        ReservedLayout l = layout("""
                "two@6f000000": {"properties": {"reg": ["0x6f000000", "0x100000", "0x6ff00000", "0x100000"]}},
                "pool": {"properties": {"size": "0x100000"}}""", "");
        ReservedRegion two = l.region("/reserved-memory/two@6f000000").orElseThrow();
        assertEquals(0x100000L, two.size());
        assertEquals(0x6fe00000L, base(l, "pool"), "the second reg entry is still taken");
    }

    @Test
    void wrongCellsIgnoreTheWholeNodeAndWrongLengthsSkipTheChild() throws Exception {
        DeviceTree t = TestTrees.json("""
                {"properties": {"#address-cells": 1, "#size-cells": 1},
                 "children": {"memory@60000000": {"properties": {"device_type": "memory", "reg": ["0x60000000", "0x10000000"]}},
                   "reserved-memory": {"properties": {"#address-cells": 2, "#size-cells": 1, "ranges": true},
                     "children": {"a": {"properties": {"size": "0x1000"}}}}}}""");
        ReservedLayout l = ReservedMemoryScanner.scan(t, MemoryBanks.banks(t));
        assertNotNull(l.formatProblem());
        assertTrue(l.regions().isEmpty());
        ReservedLayout bad = layout("\"a\": {\"properties\": {\"size\": \"0x100000\", \"alignment\": {\"u64\": \"0x1000\"}}}", "");
        assertEquals("alignment is not #address-cells (1) long", bad.ignored().get(0).reason());
    }
}
