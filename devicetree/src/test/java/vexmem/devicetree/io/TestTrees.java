package vexmem.devicetree.io;

import java.nio.file.Files;
import java.nio.file.Path;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtParseException;

/** Shared helpers: locating the shipped boards and pushing a tree through each on-disk format. */
public final class TestTrees {
    private TestTrees() { }

    /** The repository's boards/ directory (tests run with the module directory as cwd). */
    public static Path board(String name) {
        Path p = Path.of("..", "boards", name);
        return Files.exists(p) ? p : Path.of("boards", name);
    }

    public static boolean dtcAvailable() {
        return new DtsReader().dtc().isPresent();
    }

    /** JSON model → DTB bytes → model. */
    public static DeviceTree viaDtb(DeviceTree t, Path dir) throws Exception {
        Path f = dir.resolve("t.dtb");
        Files.write(f, new DtbWriter().write(t));
        return DeviceTrees.read(f);
    }

    /** JSON model → DTS text → dtc → DTB → model. */
    public static DeviceTree viaDts(DeviceTree t, Path dir) throws Exception {
        Path f = dir.resolve("t.dts");
        Files.writeString(f, new DtsWriter().write(t));
        return DeviceTrees.read(f);
    }

    public static DeviceTree json(String text) throws DtParseException {
        return new JsonTreeReader().parse(text, "test.json");
    }
}
