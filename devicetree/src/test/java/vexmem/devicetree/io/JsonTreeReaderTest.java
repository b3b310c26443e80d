package vexmem.devicetree.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtParseException;
import vexmem.devicetree.DtProperty;

class JsonTreeReaderTest {

    private static DtProperty prop(DeviceTree t, String path, String name) {
        return t.node(path).orElseThrow().property(name).orElseThrow();
    }

    private static String error(String json) {
        return assertThrows(DtParseException.class, () -> TestTrees.json(json)).getMessage();
    }

    @Test
    void everyValueFormEncodesToTheDtbBytesDtcWouldProduce() throws Exception {
        DeviceTree t = TestTrees.json("""
                {"properties": {"#address-cells": 2, "#size-cells": 1},
                 "children": {"n@1": {"properties": {
                   "flag": true, "name": "hello", "list": ["a", "b"], "one": 7, "hex": "0x10",
                   "cells": [1, "0x60000000"], "u64": {"u64": "0x100000002"},
                   "reg": {"entries": [["0x100000000", "0x1000"]]}, "size": {"size": "0x20"},
                   "addr": {"address": "0x3"}, "bytes": {"bytes": "0a 0b"}, "forced": {"strings": ["0x1"]}}}}}""");
        String n = "/n@1";
        assertEquals(0, prop(t, n, "flag").length());
        assertEquals("hello", prop(t, n, "name").string());
        assertEquals(java.util.List.of("a", "b"), prop(t, n, "list").stringList());
        assertArrayEquals(new long[] {7}, prop(t, n, "one").cells());
        assertArrayEquals(new long[] {0x10}, prop(t, n, "hex").cells());
        assertArrayEquals(new long[] {1, 0x60000000L}, prop(t, n, "cells").cells());
        assertArrayEquals(new long[] {1, 2}, prop(t, n, "u64").cells());
        assertArrayEquals(new long[] {1, 0, 0x1000}, prop(t, n, "reg").cells(), "2 address cells + 1 size cell of the parent");
        assertArrayEquals(new long[] {0x20}, prop(t, n, "size").cells());
        assertArrayEquals(new long[] {0, 3}, prop(t, n, "addr").cells());
        assertArrayEquals(new byte[] {10, 11}, prop(t, n, "bytes").value());
        assertEquals("0x1", prop(t, n, "forced").string());
    }

    @Test
    void referencedLabelsGetPhandlesInReferenceOrderLikeDtc() throws Exception {
        DeviceTree t = TestTrees.json("""
                {"children": {
                   "a": {"labels": "first", "properties": {"x": 1}},
                   "b": {"labels": ["second", "alias"], "properties": {"phandle": 5}},
                   "c": {"labels": "unused"},
                   "user": {"properties": {"r": ["&alias", {"ref": "first"}, 9], "p": "&first"}}}}""");
        assertArrayEquals(new long[] {5, 1, 9}, prop(t, "/user", "r").cells());
        assertArrayEquals(new long[] {1}, prop(t, "/a", "phandle").cells());
        assertTrue(t.node("/c").orElseThrow().property("phandle").isEmpty(), "unreferenced labels get no phandle");
        assertEquals("first", prop(t, "/user", "p").phandleRefs().get(0).label());
    }

    @Test
    void schemaErrorsNameTheFileAndJsonPath() {
        assertEquals("test.json: $.children.memory@60000000.properties.reg: string found, [array, object] expected",
                error("{\"children\": {\"memory@60000000\": {\"properties\": {\"reg\": \"0x60000000\"}}}}"));
        assertTrue(error("{\"child\": {}}").startsWith("test.json: $: "), error("{\"child\": {}}"));
    }

    @Test
    void semanticErrorsNameTheJsonPath() {
        assertEquals("test.json: $.children.a.properties.r: reference to unknown label &nowhere",
                error("{\"children\": {\"a\": {\"properties\": {\"r\": \"&nowhere\"}}}}"));
        assertTrue(error("{\"properties\": {\"x\": [\"0x100000000\"]}}").contains("$.properties.x[0]: 0x100000000 does not fit in 1 cell"));
        assertTrue(error("{\"properties\": {\"x\": [\"a\", 1]}}").contains("$.properties.x: array mixes strings"));
        assertTrue(error("{\"children\": {\"a\": {\"labels\": \"l\"}, \"b\": {\"labels\": \"l\"}}}").contains("label \"l\" is used on more than one node"));
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        String msg = error("{\n  \"properties\": {,}\n}");
        assertTrue(msg.startsWith("test.json: line 2, column "), msg);
        assertTrue(error("{\"children\": {\"a\": {}, \"a\": {}}}").contains("Duplicate field 'a'"));
    }
}
