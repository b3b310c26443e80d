package vexmem.devicetree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device-tree node: a name with optional unit address ("memory@60000000"), labels, properties in
 * source order and children in source order. Mutable while a reader builds it; treat as read-only after.
 */
public final class DtNode {
    private final String name;
    private DtNode parent;
    private final List<String> labels = new ArrayList<>();
    private final Map<String, DtProperty> properties = new LinkedHashMap<>();
    private final List<DtNode> children = new ArrayList<>();

    public DtNode(String name) {
        this.name = name;
    }

    /** Full name including the unit address, "" for the root. */
    public String name() {
        return name;
    }

    /** The part of the name before '@'. */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The unit address text after '@', if any. */
    public Optional<String> unitAddress() {
        int at = name.indexOf('@');
        return at < 0 ? Optional.empty() : Optional.of(name.substring(at + 1));
    }

    public DtNode parent() {
        return parent;
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** Path as Linux prints it: "/" for the root, "/reserved-memory/cma@70000000" below it. */
    public String path() {
        if (parent == null) {
            return "/";
        }
        String pp = parent.path();
        return (pp.equals("/") ? "" : pp) + "/" + name;
    }

    public List<String> labels() {
        return Collections.unmodifiableList(labels);
    }

    public DtNode addLabel(String label) {
        if (!labels.contains(label)) {
            labels.add(label);
        }
        return this;
    }

    public List<DtProperty> properties() {
        return List.copyOf(properties.values());
    }

    public Optional<DtProperty> property(String propName) {
        return Optional.ofNullable(properties.get(propName));
    }

    public boolean has(String propName) {
        return properties.containsKey(propName);
    }

    /** Adds or replaces a property, keeping the original position on replacement (as dtc does). */
    public DtNode set(DtProperty p) {
        properties.put(p.name(), p);
        return this;
    }

    public DtNode remove(String propName) {
        properties.remove(propName);
        return this;
    }

    public List<DtNode> children() {
        return Collections.unmodifiableList(children);
    }

    public DtNode addChild(DtNode child) {
        if (child.parent != null) {
            throw new IllegalArgumentException("node " + child.name + " already has a parent");
        }
        child.parent = this;
        children.add(child);
        return child;
    }

    public Optional<DtNode> child(String childName) {
        for (DtNode c : children) {
            if (c.name.equals(childName)) {
                return Optional.of(c);
            }
        }
        // Linux's of_find_node_by_path also matches a base name without unit address.
        for (DtNode c : children) {
            if (c.baseName().equals(childName) && !childName.contains("@")) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** First string of "compatible", or "". */
    public List<String> compatible() {
        return property("compatible").map(DtProperty::stringList).orElse(List.of());
    }

    public boolean isCompatible(String c) {
        return compatible().contains(c);
    }

    /** "status" is absent, "okay" or "ok". */
    public boolean isEnabled() {
        String s = property("status").map(DtProperty::string).orElse("okay");
        return s.equals("okay") || s.equals("ok");
    }

    /** The node's own phandle (from "phandle" or "linux,phandle"), 0 when it has none. */
    public long phandle() {
        return property("phandle").or(() -> property("linux,phandle"))
                .filter(p -> p.length() == 4).map(p -> p.cell(0)).orElse(0L);
    }

    /** #address-cells this node gives its children (Linux default 2 when absent... but see {@link #cellsOr}). */
    public int addressCells() {
        return cellsOr("#address-cells", 2);
    }

    /** #size-cells this node gives its children (default 1 as in the DT specification). */
    public int sizeCells() {
        return cellsOr("#size-cells", 1);
    }

    private int cellsOr(String prop, int dflt) {
        return property(prop).filter(p -> p.length() == 4).map(p -> (int) p.cell(0)).orElse(dflt);
    }

    /** Depth-first walk including this node. */
    public void walk(java.util.function.Consumer<DtNode> visitor) {
        visitor.accept(this);
        for (DtNode c : children) {
            c.walk(visitor);
        }
    }

    /** Structural equality: names, properties (by bytes) and children in order; labels are ignored. */
    public boolean sameAs(DtNode o) {
        if (!name.equals(o.name) || !properties.equals(o.properties) || children.size() != o.children.size()) {
            return false;
        }
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).sameAs(o.children.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return path();
    }
}
