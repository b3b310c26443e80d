package vexmem.devicetree.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtParseException;
import vexmem.devicetree.DtProperty;

/**
 * Reads the JSON device-tree format of docs/board-format.md: validates the document against
 * board.schema.json, encodes every property to DTB bytes, then resolves "&label" references and gives
 * referenced nodes a phandle the way dtc does (next free number, in reference order).
 */
public final class JsonTreeReader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A phandle cell still to fill in once all labels are known. */
    private record PendingRef(DtNode node, String property, int cellIndex, String label, String jsonPath) { }

    private final List<PendingRef> pending = new ArrayList<>();
    private String source;

    public DeviceTree read(Path file) throws DtParseException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DtParseException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    public DeviceTree parse(String json, String sourceName) throws DtParseException {
        this.source = sourceName;
        pending.clear();
        JsonNode doc;
        try {
            doc = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new DtParseException(source + ": " + where + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
        if (doc == null || doc.isMissingNode()) {
            throw new DtParseException(source + ": empty document");
        }
        BoardSchema.validate(doc, source);
        DtNode root = new DtNode("");
        fill(root, doc, "$");
        resolveReferences(root);
        return new DeviceTree(root, memReserves(doc.path("memreserve")), source);
    }

    private List<DeviceTree.MemReserve> memReserves(JsonNode arr) throws DtParseException {
        List<DeviceTree.MemReserve> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String at = "$.memreserve[" + i + "]";
            out.add(new DeviceTree.MemReserve(number(arr.get(i).get(0), at), number(arr.get(i).get(1), at)));
        }
        return out;
    }

    private void fill(DtNode node, JsonNode obj, String jsonPath) throws DtParseException {
        JsonNode labels = obj.path("labels");
        if (labels.isTextual()) {
            node.addLabel(labels.asText());
        }
        for (JsonNode l : labels.isArray() ? labels : MAPPER.createArrayNode()) {
            node.addLabel(l.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = jsonPath + ".properties." + e.getKey();
            node.set(encode(node, e.getKey(), e.getValue(), at));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.path("children").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            DtNode child = node.addChild(new DtNode(e.getKey()));
            fill(child, e.getValue(), jsonPath + ".children." + e.getKey());
        }
    }

    /** Turns one JSON property value into DTB bytes; see the value table in docs/board-format.md. */
    private DtProperty encode(DtNode node, String name, JsonNode v, String at) throws DtParseException {
        Bytes out = new Bytes(node, name);
        if (v.isBoolean()) {
            return out.build();
        }
        if (v.isTextual()) {
            String s = v.asText();
            if (s.startsWith("&")) {
                out.ref(s.substring(1), at);
            } else if (Numbers.isNumericString(s)) {
                out.cell(number(v, at), at);
            } else {
                out.string(s);
            }
        } else if (v.isIntegralNumber()) {
            out.cell(number(v, at), at);
        } else if (v.isArray()) {
            encodeArray(out, v, at);
        } else {
            encodeTyped(out, node, v, at);
        }
        return out.build();
    }

    private void encodeArray(Bytes out, JsonNode arr, String at) throws DtParseException {
        boolean allCells = true;
        boolean allStrings = true;
        for (JsonNode e : arr) {
            boolean cellLike = Numbers.isNumber(e) || isRef(e);
            allCells &= cellLike;
            allStrings &= e.isTextual() && !cellLike;
        }
        if (allCells) {
            cells(out, arr, at);
        } else if (allStrings) {
            arr.forEach(e -> out.string(e.asText()));
        } else {
            throw new DtParseException(source + ": " + at
                    + ": array mixes strings with numbers or references; use {\"strings\": [...]} or {\"cells\": [...]}");
        }
    }

    private static boolean isRef(JsonNode e) {
        return (e.isTextual() && e.asText().startsWith("&")) || (e.isObject() && e.has("ref"));
    }

    private void cells(Bytes out, JsonNode arr, String at) throws DtParseException {
        for (int i = 0; i < arr.size(); i++) {
            JsonNode e = arr.get(i);
            String eat = at + "[" + i + "]";
            if (e.isObject()) {
                out.ref(e.get("ref").asText(), eat);
            } else if (e.asText().startsWith("&")) {
                out.ref(e.asText().substring(1), eat);
            } else {
                out.cell(number(e, eat), eat);
            }
        }
    }

    private void encodeTyped(Bytes out, DtNode node, JsonNode v, String at) throws DtParseException {
        String kind = v.fieldNames().next();
        JsonNode body = v.get(kind);
        String bat = at + "." + kind;
        DtNode parent = node.parent();
        int ac = parent == null ? 2 : parent.addressCells();
        int sc = parent == null ? 1 : parent.sizeCells();
        switch (kind) {
            case "ref" -> out.ref(body.asText(), bat);
            case "strings" -> body.forEach(s -> out.string(s.asText()));
            case "cells" -> cells(out, body, bat);
            case "bytes" -> bytes(out, body, bat);
            case "u64" -> {
                for (JsonNode n : body.isArray() ? body : MAPPER.createArrayNode().add(body)) {
                    out.wide(number(n, bat), 2, bat);
                }
            }
            case "entries" -> {
                for (int i = 0; i < body.size(); i++) {
                    String eat = bat + "[" + i + "]";
                    out.wide(number(body.get(i).get(0), eat), ac, eat);
                    out.wide(number(body.get(i).get(1), eat), sc, eat);
                }
            }
            case "size" -> out.wide(number(body, bat), sc, bat);
            case "address" -> out.wide(number(body, bat), ac, bat);
            default -> throw new DtParseException(source + ": " + at + ": unknown value form \"" + kind + "\"");
        }
    }

    private void bytes(Bytes out, JsonNode body, String at) throws DtParseException {
        if (body.isArray()) {
            body.forEach(b -> out.buf.write(b.asInt()));
            return;
        }
        String hex = body.asText().replace(" ", "");
        if (hex.length() % 2 != 0) {
            throw new DtParseException(source + ": " + at + ": odd number of hex digits");
        }
        for (int i = 0; i < hex.length(); i += 2) {
            out.buf.write(Integer.parseInt(hex.substring(i, i + 2), 16));
        }
    }

    private long number(JsonNode n, String at) throws DtParseException {
        try {
            return Numbers.parse(n);
        } catch (IllegalArgumentException e) {
            throw new DtParseException(source + ": " + at + ": " + e.getMessage());
        }
    }

    /** Fills phandle cells; referenced nodes without a phandle get max+1, in reference order (dtc's rule). */
    private void resolveReferences(DtNode root) throws DtParseException {
        Map<String, DtNode> byLabel = new HashMap<>();
        java.util.Set<Long> used = new java.util.HashSet<>();
        List<String> duplicate = new ArrayList<>();
        root.walk(n -> {
            n.labels().forEach(l -> {
                if (byLabel.putIfAbsent(l, n) != null) {
                    duplicate.add(l);
                }
            });
            used.add(n.phandle());
        });
        long next = 1;
        if (!duplicate.isEmpty()) {
            throw new DtParseException(source + ": label \"" + duplicate.get(0) + "\" is used on more than one node");
        }
        for (PendingRef r : pending) {
            DtNode target = byLabel.get(r.label());
            if (target == null) {
                throw new DtParseException(source + ": " + r.jsonPath() + ": reference to unknown label &" + r.label());
            }
            long ph = target.phandle();
            if (ph == 0) {
                while (used.contains(next)) {
                    next++;
                }
                ph = next;
                used.add(ph);
                target.set(DtProperty.cells("phandle", ph));
            }
            DtProperty p = r.node().property(r.property()).orElseThrow();
            byte[] value = p.value();
            for (int i = 0; i < 4; i++) {
                value[r.cellIndex() * 4 + i] = (byte) (ph >>> (24 - 8 * i));
            }
            List<DtProperty.PhandleRef> refs = new ArrayList<>(p.phandleRefs());
            refs.add(new DtProperty.PhandleRef(r.cellIndex(), r.label()));
            r.node().set(new DtProperty(p.name(), value, refs));
        }
    }

    /** Accumulates one property's bytes and the references it contains. */
    private final class Bytes {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        final DtNode node;
        final String name;

        Bytes(DtNode node, String name) {
            this.node = node;
            this.name = name;
        }

        void string(String s) {
            buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            buf.write(0);
        }

        void cell(long v, String at) throws DtParseException {
            wide(v, 1, at);
        }

        /** v in {@code cells} big-endian 32-bit cells; rejects values that do not fit. */
        void wide(long v, int cellCount, String at) throws DtParseException {
            if (cellCount < 2 && (v >>> 32) != 0 || cellCount == 0 && v != 0) {
                throw new DtParseException(source + ": " + at + ": " + Numbers.hex(v) + " does not fit in "
                        + cellCount + " cell(s); split it or use {\"u64\": ...} / {\"entries\": ...}");
            }
            for (int c = cellCount - 1; c >= 0; c--) {
                long word = c >= 2 ? 0 : (v >>> (32 * c)) & 0xffffffffL;
                for (int i = 3; i >= 0; i--) {
                    buf.write((int) (word >>> (8 * i)) & 0xff);
                }
            }
        }

        void ref(String label, String at) throws DtParseException {
            if (buf.size() % 4 != 0) {
                throw new DtParseException(source + ": " + at + ": a reference must start on a cell boundary");
            }
            pending.add(new PendingRef(node, name, buf.size() / 4, label, at));
            buf.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        }

        DtProperty build() {
            return new DtProperty(name, buf.toByteArray());
        }
    }
}
