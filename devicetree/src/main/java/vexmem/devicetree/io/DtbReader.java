package vexmem.devicetree.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtNode;
import vexmem.devicetree.DtParseException;
import vexmem.devicetree.DtProperty;

/**
 * Parses a flattened device tree blob (version 16 or 17). Every defect is reported as a
 * {@link DtParseException} naming the file and the byte offset; all reads are bounds-checked so no
 * other exception can escape on hostile input.
 */
public final class DtbReader {
    private byte[] b;
    private String source;

    public DeviceTree read(Path file) throws DtParseException {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new DtParseException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public DeviceTree parse(byte[] blob, String sourceName) throws DtParseException {
        this.b = blob;
        this.source = sourceName;
        if (b.length < Fdt.HEADER_V16) {
            throw fail(0, "file too short for a DTB header (" + b.length + " bytes)");
        }
        if (u32(0) != (Fdt.MAGIC & 0xffffffffL)) {
            throw fail(0, String.format("bad magic 0x%08x (expected 0xd00dfeed)", u32(0)));
        }
        long total = u32(4);
        long offStruct = u32(8);
        long offStrings = u32(12);
        long offRsv = u32(16);
        long version = u32(20);
        long lastComp = u32(24);
        long sizeStrings = u32(32);
        if (version < 16) {
            throw fail(20, "unsupported DTB version " + version + " (need 16 or 17)");
        }
        if (lastComp > Fdt.VERSION) {
            throw fail(24, "last_comp_version " + lastComp + " is newer than 17");
        }
        int header = version >= 17 ? Fdt.HEADER_V17 : Fdt.HEADER_V16;
        if (total > b.length) {
            throw fail(4, "totalsize " + total + " exceeds the file size " + b.length + " (truncated?)");
        }
        if (total < header) {
            throw fail(4, "totalsize " + total + " is smaller than the header");
        }
        long sizeStruct = version >= 17 ? u32(36) : total - offStruct;
        checkBlock(8, "structure block", offStruct, sizeStruct, total, header);
        checkBlock(12, "strings block", offStrings, sizeStrings, total, header);
        checkBlock(16, "memory reservation block", offRsv, 16, total, header);
        if (offRsv % 8 != 0) {
            throw fail(16, "memory reservation block is not 8-byte aligned");
        }
        if (offStruct % 4 != 0) {
            throw fail(8, "structure block is not 4-byte aligned");
        }
        List<DeviceTree.MemReserve> rsv = memReserves((int) offRsv, total);
        DtNode root = structure((int) offStruct, (int) (offStruct + sizeStruct), (int) offStrings, (int) (offStrings + sizeStrings));
        return new DeviceTree(root, rsv, source);
    }

    private void checkBlock(int field, String what, long off, long size, long total, int header) throws DtParseException {
        if (off < header || off > total || size > total - off) {
            throw fail(field, what + " [" + off + ", +" + size + ") lies outside the blob (totalsize " + total + ")");
        }
    }

    private List<DeviceTree.MemReserve> memReserves(int off, long total) throws DtParseException {
        List<DeviceTree.MemReserve> out = new ArrayList<>();
        for (int o = off; ; o += 16) {
            if (o + 16 > total) {
                throw fail(o, "memory reservation block is not terminated by a zero entry");
            }
            long addr = (u32(o) << 32) | u32(o + 4);
            long size = (u32(o + 8) << 32) | u32(o + 12);
            if (addr == 0 && size == 0) {
                return out;
            }
            out.add(new DeviceTree.MemReserve(addr, size));
        }
    }

    private DtNode structure(int start, int end, int strStart, int strEnd) throws DtParseException {
        Deque<DtNode> open = new ArrayDeque<>();
        // Child names per open node: a hash set keeps hostile blobs with huge sibling lists linear.
        Deque<java.util.Set<String>> childNames = new ArrayDeque<>();
        DtNode root = null;
        int o = start;
        while (true) {
            if (o + 4 > end) {
                throw fail(o, "structure block ends without FDT_END");
            }
            long token = u32(o);
            int at = o;
            o += 4;
            if (token == Fdt.BEGIN_NODE) {
                int nul = findNul(o, end, at, "node name");
                String name = new String(b, o, nul - o, StandardCharsets.UTF_8);
                o = align4(nul + 1);
                if (open.isEmpty()) {
                    if (root != null) {
                        throw fail(at, "second root node");
                    }
                    root = new DtNode("");
                    open.push(root);
                    childNames.push(new java.util.HashSet<>());
                } else {
                    checkName(name, at, "node name", "@,._+-");
                    DtNode parent = open.peek();
                    if (!childNames.peek().add(name)) {
                        throw fail(at, "duplicate node " + name + " in " + parent.path());
                    }
                    if (open.size() >= Fdt.MAX_DEPTH) {
                        throw fail(at, "nodes nested deeper than " + Fdt.MAX_DEPTH);
                    }
                    open.push(parent.addChild(new DtNode(name)));
                    childNames.push(new java.util.HashSet<>());
                }
            } else if (token == Fdt.END_NODE) {
                if (open.isEmpty()) {
                    throw fail(at, "FDT_END_NODE without a matching FDT_BEGIN_NODE");
                }
                open.pop();
                childNames.pop();
            } else if (token == Fdt.PROP) {
                if (open.isEmpty()) {
                    throw fail(at, "property outside any node");
                }
                if (o + 8 > end) {
                    throw fail(at, "truncated property header");
                }
                long len = u32(o);
                long nameOff = u32(o + 4);
                o += 8;
                if (len > end - o) {
                    throw fail(at, "property length " + len + " runs past the structure block");
                }
                if (nameOff >= strEnd - strStart) {
                    throw fail(at + 8, "property name offset " + nameOff + " is outside the strings block");
                }
                int nameStart = strStart + (int) nameOff;
                int nul = findNul(nameStart, strEnd, nameStart, "property name");
                String name = new String(b, nameStart, nul - nameStart, StandardCharsets.UTF_8);
                checkName(name, at, "property name", ",._+?#-");
                DtNode node = open.peek();
                if (node.has(name)) {
                    throw fail(at, "duplicate property " + name + " in " + node.path());
                }
                byte[] value = new byte[(int) len];
                System.arraycopy(b, o, value, 0, (int) len);
                node.set(new DtProperty(name, value));
                o = align4(o + (int) len);
            } else if (token == Fdt.NOP) {
                continue;
            } else if (token == Fdt.END) {
                if (!open.isEmpty() || root == null) {
                    throw fail(at, root == null ? "FDT_END before the root node" : "FDT_END inside node " + open.peek().path());
                }
                return root;
            } else {
                throw fail(at, String.format("unknown token 0x%08x", token));
            }
            if (root != null && open.isEmpty()) {
                // After the root closes only NOPs and FDT_END may follow.
                o = expectEnd(o, end);
                return root;
            }
        }
    }

    private int expectEnd(int o, int end) throws DtParseException {
        while (o + 4 <= end) {
            long t = u32(o);
            if (t == Fdt.END) {
                return o + 4;
            }
            if (t != Fdt.NOP) {
                throw fail(o, String.format("token 0x%08x after the root node (expected FDT_END)", t));
            }
            o += 4;
        }
        throw fail(o, "structure block ends without FDT_END");
    }

    private void checkName(String name, int at, String what, String extra) throws DtParseException {
        if (name.isEmpty()) {
            throw fail(at, "empty " + what);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && extra.indexOf(c) < 0) {
                throw fail(at, String.format("%s \"%s\" contains character 0x%02x", what, printable(name), (int) c));
            }
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(40).forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : "?"));
        return sb.toString();
    }

    private int findNul(int from, int end, int at, String what) throws DtParseException {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        throw fail(at, "unterminated " + what);
    }

    private static int align4(int o) {
        return (o + 3) & ~3;
    }

    private long u32(int o) {
        return ((b[o] & 0xffL) << 24) | ((b[o + 1] & 0xffL) << 16) | ((b[o + 2] & 0xffL) << 8) | (b[o + 3] & 0xffL);
    }

    private DtParseException fail(int offset, String msg) {
        return new DtParseException(source + ": offset " + offset + String.format(" (0x%x)", offset) + ": " + msg);
    }
}
