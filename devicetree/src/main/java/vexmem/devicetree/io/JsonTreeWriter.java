package vexmem.devicetree.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/**
 * Writes a tree in the JSON format {@link JsonTreeReader} reads, choosing for every property the
 * plainest form that decodes back to the same bytes.
 */
public final class JsonTreeWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String write(DeviceTree tree) {
        ObjectNode doc = node(tree.root());
        if (!tree.memReserves().isEmpty()) {
            ArrayNode mr = F.arrayNode();
            tree.memReserves().forEach(m -> mr.add(F.arrayNode().add(Numbers.hex(m.address())).add(Numbers.hex(m.size()))));
            ObjectNode withMr = F.objectNode();
            withMr.set("memreserve", mr);
            withMr.setAll(doc);
            doc = withMr;
        }
        StringBuilder sb = new StringBuilder();
        print(doc, 0, sb);
        return sb.append('\n').toString();
    }

    private ObjectNode node(DtNode n) {
        ObjectNode o = F.objectNode();
        if (n.labels().size() == 1) {
            o.put("labels", n.labels().get(0));
        } else if (!n.labels().isEmpty()) {
            ArrayNode a = o.putArray("labels");
            n.labels().forEach(a::add);
        }
        if (!n.properties().isEmpty()) {
            ObjectNode props = o.putObject("properties");
            n.properties().forEach(p -> props.set(p.name(), value(p)));
        }
        if (!n.children().isEmpty()) {
            ObjectNode kids = o.putObject("children");
            n.children().forEach(c -> kids.set(c.name(), node(c)));
        }
        return o;
    }

    /** The JSON form of one property value (see the table in docs/board-format.md). */
    static JsonNode value(DtProperty p) {
        if (p.isEmpty()) {
            return F.booleanNode(true);
        }
        if (!p.phandleRefs().isEmpty() && p.isCellAligned()) {
            return cells(p);
        }
        if (p.isStringList()) {
            List<String> strings = p.stringList();
            boolean plain = strings.stream().noneMatch(s -> s.startsWith("&") || Numbers.isNumericString(s));
            if (strings.size() == 1 && plain) {
                return F.textNode(strings.get(0));
            }
            ArrayNode a = F.arrayNode();
            strings.forEach(a::add);
            if (plain) {
                return a;
            }
            ObjectNode typed = F.objectNode();
            typed.set("strings", a);
            return typed;
        }
        if (p.isCellAligned()) {
            boolean arrayOnly = p.name().equals("reg") || p.name().equals("alloc-ranges");
            if (p.cellCount() == 1 && p.cell(0) < 0x10000 && !arrayOnly) {
                return F.numberNode(p.cell(0));
            }
            return cells(p);
        }
        ObjectNode typed = F.objectNode();
        typed.put("bytes", HexFormat.of().formatHex(p.value()));
        return typed;
    }

    private static ArrayNode cells(DtProperty p) {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < p.cellCount(); i++) {
            final int idx = i;
            String label = p.phandleRefs().stream().filter(r -> r.cellIndex() == idx)
                    .map(DtProperty.PhandleRef::label).findFirst().orElse(null);
            if (label != null) {
                a.add("&" + label);
            } else {
                long c = p.cell(i);
                a.add(c < 10 ? F.numberNode(c) : F.textNode(Numbers.hex(c)));
            }
        }
        return a;
    }

    /** Pretty printer that keeps arrays of scalars on one line, which suits reg and compatible. */
    private static void print(JsonNode n, int indent, StringBuilder sb) {
        if (n.isObject()) {
            if (n.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            var it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append("  ".repeat(indent + 1)).append(quote(e.getKey())).append(": ");
                print(e.getValue(), indent + 1, sb);
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append('}');
        } else if (n.isArray() && containsContainer(n)) {
            sb.append("[\n");
            for (int i = 0; i < n.size(); i++) {
                sb.append("  ".repeat(indent + 1));
                print(n.get(i), indent + 1, sb);
                sb.append(i + 1 < n.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append(']');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                sb.append(i > 0 ? ", " : "");
                print(n.get(i), indent, sb);
            }
            sb.append(']');
        } else {
            sb.append(n.isTextual() ? quote(n.asText()) : n.toString());
        }
    }

    private static boolean containsContainer(JsonNode arr) {
        for (JsonNode e : arr) {
            if (e.isContainerNode() && !(e.isArray() && !containsContainer(e))) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
