package vexmem.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.io.DeviceTrees;
import vexmem.devicetree.io.TestTrees;

class BoardBuilderTest {

    private static Board board(String name) throws Exception {
        return BoardBuilder.build(DeviceTrees.read(TestTrees.board(name)));
    }

    @Test
    void a9HasOneGibOfDramAndTheRegionsWhereTheBoardFileSays() throws Exception {
        Board b = board("vexpress-a9.json");
        assertEquals("V2P-CA9", b.model());
        assertEquals(List.of(new DramBank(0x60000000L, 0x40000000L, "/memory@60000000")), b.banks());
        ReservedRegion carveout = b.region("/reserved-memory/ion-carveout@9f000000").orElseThrow();
        assertEquals(0x9f000000L, carveout.base());
        assertEquals(ReservedRegion.Kind.CARVEOUT, carveout.kind());
        assertFalse(carveout.dynamic());
    }

    @Test
    void dynamicCmaIsPlacedTopDownBelowTheStaticRegions() throws Exception {
        ReservedRegion cma = board("vexpress-a9.json").defaultCma().orElseThrow();
        assertTrue(cma.dynamic());
        assertEquals(0x9a000000L, cma.base(), "64 MiB directly below the chunk region at 0x9e000000");
        assertEquals(0x4000000L, cma.size());
        assertEquals("linux,cma", cma.name());
        assertTrue(cma.phandle() != 0);
    }

    @Test
    void a15UsesTwoCellAddressesAndTheSameLayoutHigher() throws Exception {
        Board b = board("vexpress-a15.json");
        assertEquals("V2P-CA15_CA7", b.model());
        assertEquals(0x80000000L, b.banks().get(0).base());
        assertEquals(0xba000000L, b.defaultCma().orElseThrow().base());
    }

    @Test
    void ionHeapsHaveIdEqualToTypeAndTheirRegions() throws Exception {
        Board b = board("vexpress-a9.json");
        List<IonHeapSpec> heaps = b.ionHeaps();
        assertEquals(List.of("system", "system_contig", "carveout", "chunk", "dma"), heaps.stream().map(IonHeapSpec::name).toList());
        heaps.forEach(h -> assertEquals(h.type(), h.id()));
        assertNull(heaps.get(0).regionPath());
        assertEquals("/reserved-memory/ion-carveout@9f000000", heaps.get(2).regionPath());
        assertEquals(0x10000L, heaps.get(3).chunkSize());
        assertEquals("/reserved-memory/linux,cma", heaps.get(4).regionPath());
        assertTrue(heaps.get(4).allowCached(), "the document 000 demo allocates ION_FLAG_CACHED from the dma heap");
    }

    @Test
    void devicesIncludeTheDocumentDriversWithResolvedRegions() throws Exception {
        Board b = board("vexpress-a9.json");
        DeviceSpec cmaMem = b.devices().stream().filter(d -> d.compatible().contains("vexmem,cma-mem")).findFirst().orElseThrow();
        assertEquals(List.of("/reserved-memory/linux,cma"), cmaMem.memoryRegionPaths());
        for (String c : List.of("vexmem,dmabuf-test", "vexmem,vion", "vexmem,heap-test", "arm,pl011")) {
            assertTrue(b.devices().stream().anyMatch(d -> d.compatible().contains(c)), c);
        }
        assertTrue(b.devices().stream().noneMatch(d -> d.path().startsWith("/cpus") || d.path().startsWith("/ion")
                || d.path().startsWith("/reserved-memory") || d.path().equals("/")));
    }

    @Test
    void uartTranslatesThroughTheStaticMemoryBus() throws Exception {
        DeviceTree t = DeviceTrees.read(TestTrees.board("vexpress-a9.json"));
        var uart = t.node("/smb@4000000/motherboard/iofpga@7,00000000/uart@9000").orElseThrow();
        assertEquals(List.of(new Range(0x10009000L, 0x1000)), AddressTranslator.cpuRanges(uart).orElseThrow());
        DeviceTree a15 = DeviceTrees.read(TestTrees.board("vexpress-a15.json"));
        var vram = a15.node("/smb@8000000/motherboard/vram@2,00000000").orElseThrow();
        assertEquals(0x18000000L, AddressTranslator.cpuRanges(vram).orElseThrow().get(0).base());
    }

    @Test
    void aTreeWithCheckErrorsIsRefusedWithOneLine() throws Exception {
        DeviceTree bad = TestTrees.json("""
                {"properties": {"#address-cells": 1, "#size-cells": 1},
                 "children": {"memory@0": {"properties": {"device_type": "memory", "reg": [0, "0x1000000"]}},
                   "reserved-memory": {"properties": {"#address-cells": 1, "#size-cells": 1, "ranges": true},
                     "children": {"a@0": {"properties": {"reg": [0, "0x100000"]}},
                                  "b@80000": {"properties": {"reg": ["0x80000", "0x100000"]}}}}}}""");
        BoardException e = assertThrows(BoardException.class, () -> BoardBuilder.build(bad));
        assertEquals("test.json: /reserved-memory/b@80000: [0x80000-0x180000) overlaps /reserved-memory/a@0 [0x0-0x100000) [reserved-overlap]",
                e.getMessage());
    }
}
