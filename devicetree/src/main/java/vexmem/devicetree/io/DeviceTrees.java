package vexmem.devicetree.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtParseException;

/** Entry point for reading and writing trees in any supported format. */
public final class DeviceTrees {

    /** The three on-disk forms. */
    public enum Format {
        JSON, DTS, DTB;

        public static Format parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    private DeviceTrees() { }

    /** Reads a tree; a DTB is recognised by its magic whatever the extension, otherwise by extension. */
    public static DeviceTree read(Path file) throws DtParseException {
        return switch (detect(file)) {
            case DTB -> new DtbReader().read(file);
            case DTS -> new DtsReader().read(file);
            case JSON -> new JsonTreeReader().read(file);
        };
    }

    static Format detect(Path file) throws DtParseException {
        if (!Files.exists(file)) {
            throw new DtParseException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new DtParseException(file + ": is a directory");
        }
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new DtParseException(file + ": cannot read: " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
        if (n >= 4 && (head[0] & 0xff) == 0xd0 && (head[1] & 0xff) == 0x0d && (head[2] & 0xff) == 0xfe
                && (head[3] & 0xff) == 0xed) {
            return Format.DTB;
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Format.JSON;
        }
        if (name.endsWith(".dts") || name.endsWith(".dtsi")) {
            return Format.DTS;
        }
        if (name.endsWith(".dtb")) {
            return Format.DTB;     // the reader reports the bad magic
        }
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1).strip();
        if (text.startsWith("{")) {
            return Format.JSON;
        }
        if (text.startsWith("/dts-v1/") || text.startsWith("/")) {
            return Format.DTS;
        }
        throw new DtParseException(file + ": unknown format: expected .json, .dts or .dtb");
    }

    public static byte[] write(DeviceTree tree, Format format) {
        return switch (format) {
            case DTB -> new DtbWriter().write(tree);
            case DTS -> new DtsWriter().write(tree).getBytes(StandardCharsets.UTF_8);
            case JSON -> new JsonTreeWriter().write(tree).getBytes(StandardCharsets.UTF_8);
        };
    }
}
