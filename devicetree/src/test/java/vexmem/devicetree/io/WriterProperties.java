package vexmem.devicetree.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtProperty;

/** Arbitrary trees survive every writer → reader pair byte for byte. */
class WriterProperties {

    @Property(tries = 300)
    void dtbRoundTrip(@ForAll("trees") DeviceTree t) throws Exception {
        assertTrue(t.sameAs(new DtbReader().parse(new DtbWriter().write(t), "p.dtb")));
    }

    @Property(tries = 300)
    void jsonRoundTrip(@ForAll("trees") DeviceTree t) throws Exception {
        String json = new JsonTreeWriter().write(t);
        assertTrue(t.sameAs(new JsonTreeReader().parse(json, "p.json")), json);
    }

    @Property(tries = 60)
    void dtsRoundTripThroughDtc(@ForAll("trees") DeviceTree t) throws Exception {
        if (!TestTrees.dtcAvailable()) {
            return;     // RoundTripTest reports the missing dtc as a visible JUnit skip
        }
        Path dir = Files.createTempDirectory("vexmem-prop");
        try {
            String dts = new DtsWriter().write(t);
            assertTrue(t.sameAs(TestTrees.viaDts(t, dir)), dts);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<DeviceTree> trees() {
        Arbitrary<List<long[]>> memres = Arbitraries.longs().between(0, Long.MAX_VALUE).list().ofSize(2)
                .map(l -> new long[] {l.get(0), l.get(1) | 1}).list().ofMaxSize(2);
        return Combinators.combine(node(3), memres).as((root, mr) -> {
            List<DeviceTree.MemReserve> rs = new ArrayList<>();
            mr.forEach(m -> rs.add(new DeviceTree.MemReserve(m[0], m[1])));
            return new DeviceTree(root.build(""), rs, "gen");
        });
    }

    /** A node template; names are assigned by the parent so siblings stay unique. */
    private interface Template {
        DtNode build(String name);
    }

    private Arbitrary<Template> node(int depth) {
        Arbitrary<List<DtProperty>> props = property().list().ofMaxSize(5);
        Arbitrary<List<Template>> kids = depth == 0 ? Arbitraries.just(List.of()) : node(depth - 1).list().ofMaxSize(3);
        Arbitrary<List<String>> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
                .flatMap(base -> Arbitraries.of("", "@0", "@1f", "@60000000", "@3,0")
                        .map(unit -> base + unit)).list().ofSize(3);
        return Combinators.combine(props, kids, names).as((ps, ks, ns) -> name -> {
            DtNode n = new DtNode(name);
            Set<String> seen = new HashSet<>();
            ps.stream().filter(p -> seen.add(p.name())).forEach(n::set);
            Set<String> used = new HashSet<>();
            for (int i = 0; i < ks.size(); i++) {
                String childName = ns.get(i);
                while (!used.add(childName)) {
                    childName = childName.replace("@", "x@") + (childName.contains("@") ? "" : "x");
                }
                n.addChild(ks.get(i).build(childName));
            }
            return n;
        });
    }

    private Arbitrary<DtProperty> property() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars(',', '-', '_')
                .ofMinLength(1).ofMaxLength(8).map(s -> "p" + s);
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
        Arbitrary<byte[]> strings = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(8)
                .list().ofMinSize(1).ofMaxSize(3)
                .map(l -> DtProperty.strings("x", l.toArray(String[]::new)).value());
        Arbitrary<byte[]> cells = Arbitraries.longs().between(0, 0xffffffffL).list().ofMinSize(1).ofMaxSize(4)
                .map(l -> DtProperty.cells("x", l.stream().mapToLong(Long::longValue).toArray()).value());
        return Combinators.combine(names, Arbitraries.oneOf(raw, strings, cells)).as(DtProperty::new);
    }
}
