package vexmem.devicetree.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

class DtsWriterTest {

    @Test
    void writesEveryValueKindInDtcSyntax() throws Exception {
        DeviceTree t = TestTrees.json("""
                {"memreserve": [["0x60000000", "0x1000"]],
                 "properties": {"#address-cells": 1, "#size-cells": 1},
                 "children": {
                   "pool@70000000": {"labels": ["pool", "cma"], "properties": {"reg": ["0x70000000", "0x400000"], "reusable": true}},
                   "dev": {"properties": {"compatible": ["a,b", "c"], "quote": "say \\"hi\\" \\\\",
                                          "bytes": {"bytes": "01ff02"}, "memory-region": "&cma"}}}}""");
        assertEquals("""
                /dts-v1/;

                /memreserve/ 0x60000000 0x1000;

                / {
                \t#address-cells = <0x1>;
                \t#size-cells = <0x1>;

                \tpool: cma: pool@70000000 {
                \t\treg = <0x70000000 0x400000>;
                \t\treusable;
                \t\tphandle = <0x1>;
                \t};

                \tdev {
                \t\tcompatible = "a,b", "c";
                \t\tquote = "say \\"hi\\" \\\\";
                \t\tbytes = [01 ff 02];
                \t\tmemory-region = <&cma>;
                \t};
                };
                """, new DtsWriter().write(t));
    }

    @Test
    void phandleCellsWithoutAKnownLabelStayNumbers() {
        DtNode root = new DtNode("");
        root.set(new DtProperty("memory-region", new byte[] {0, 0, 0, 7}, List.of(new DtProperty.PhandleRef(0, "gone"))));
        assertEquals("/dts-v1/;\n\n/ {\n\tmemory-region = <0x7>;\n};\n",
                new DtsWriter().write(new DeviceTree(root, List.of(), "x")));
    }
}
