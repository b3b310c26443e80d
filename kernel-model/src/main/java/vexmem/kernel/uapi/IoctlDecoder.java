package vexmem.kernel.uapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vexmem.kernel.mm.AddressSpace;

/**
 * ioctl commands by number for traces: a name and, for commands that pass a struct, its ARM32 layout,
 * so a trace can show the fields the caller passed in and the ones the driver filled in. Drivers add
 * their own commands with {@link #register}.
 */
public final class IoctlDecoder {
    public enum Dir { IN, OUT, INOUT }

    public enum Format { DEC, HEX, STRING }

    /**
     * One struct member: name, byte offset, size (1, 2, 4 or 8 for numbers; any length for a
     * NUL-padded char array shown as a string), direction, how to print it.
     */
    public record Field(String name, int offset, int size, Dir dir, Format format) {
        public static Field in(String name, int offset, int size) {
            return new Field(name, offset, size, Dir.IN, Format.DEC);
        }

        public static Field out(String name, int offset, int size) {
            return new Field(name, offset, size, Dir.OUT, Format.DEC);
        }

        public static Field inout(String name, int offset, int size) {
            return new Field(name, offset, size, Dir.INOUT, Format.DEC);
        }

        public Field hex() {
            return new Field(name, offset, size, dir, Format.HEX);
        }

        /** A char[size] member. */
        public Field string() {
            return new Field(name, offset, size, dir, Format.STRING);
        }
    }

    /** A command: its name, and the struct its argument points to (empty: the argument is a plain value). */
    public record Command(int cmd, String name, int structSize, List<Field> fields) {
    }

    private final Map<Integer, Command> commands = new ConcurrentHashMap<>();
    private final List<Command> order = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static IoctlDecoder withDefaults() {
        IoctlDecoder d = new IoctlDecoder();
        // Legacy ION (4.9), ARM32 layouts.
        d.register(0xC0144900, "ION_IOC_ALLOC", 20, Field.in("len", 0, 4), Field.in("align", 4, 4),
                Field.in("heap_id_mask", 8, 4).hex(), Field.in("flags", 12, 4).hex(), Field.out("handle", 16, 4));
        d.register(0xC0044901, "ION_IOC_FREE", 4, Field.in("handle", 0, 4));
        d.register(0xC0084902, "ION_IOC_MAP", 8, Field.in("handle", 0, 4), Field.out("fd", 4, 4));
        d.register(0xC0084904, "ION_IOC_SHARE", 8, Field.in("handle", 0, 4), Field.out("fd", 4, 4));
        d.register(0xC0084905, "ION_IOC_IMPORT", 8, Field.out("handle", 0, 4), Field.in("fd", 4, 4));
        d.register(0xC0084906, "ION_IOC_CUSTOM", 8, Field.in("cmd", 0, 4).hex(), Field.in("arg", 4, 4).hex());
        d.register(0xC0084907, "ION_IOC_SYNC", 8, Field.in("handle", 0, 4), Field.in("fd", 4, 4));
        d.register(0xC0184908, "ION_IOC_HEAP_QUERY", 24, Field.inout("cnt", 0, 4),
                Field.in("heaps", 8, 8).hex());
        // ION 4.12 - 5.10: allocation returns an fd.
        d.register(0xC0184900, "ION_IOC_ALLOC", 24, Field.in("len", 0, 8), Field.in("heap_id_mask", 8, 4).hex(),
                Field.in("flags", 12, 4).hex(), Field.out("fd", 16, 4));
        // dma-buf heaps and dma-buf.
        d.register(0xC0184800, "DMA_HEAP_IOCTL_ALLOC", 24, Field.in("len", 0, 8), Field.out("fd", 8, 4),
                Field.in("fd_flags", 12, 4).hex(), Field.in("heap_flags", 16, 8).hex());
        d.register(0x40086200, "DMA_BUF_IOCTL_SYNC", 8, Field.in("flags", 0, 8).hex());
        d.register(0x40046201, "DMA_BUF_SET_NAME", 0);
        // The documents' drivers (docs/guest-abi.md).
        d.register(0x40044401, "DMABUF_IOC_TEST_GET_FD_FROM_USER", 4, Field.in("fd", 0, 4));
        d.register(0x80044402, "DMABUF_IOC_TEST_GET_FD_FROM_KERNEL", 4, Field.out("fd", 0, 4));
        d.register(0x80504403, "DMABUF_IOC_TEST_GET_KERNEL_INFO", 80, Field.out("size", 0, 4),
                Field.out("heap_id_mask", 4, 4).hex(), Field.out("flags", 8, 4).hex(), Field.out("handle_id", 12, 4),
                Field.out("client_name", 16, 32).string(), Field.out("heap_name", 48, 32).string());
        d.register(0x40045601, "VION_REGISTER_ION", 4, Field.in("fd", 0, 4));
        d.register(0x40045602, "VION_UNREGISTER_ION", 4, Field.in("fd", 0, 4));
        String[] cmem = {"CMEM_GET_PHYS", "CMEM_MAP", "CMEM_GET_SIZE", "CMEM_UNMAP", "CMEM_ALLOCATE", "CMEM_CONNECT",
            "CMEM_GET_TOTAL_SIZE", "CMEM_CACHE_FLUSH"};
        for (int i = 0; i < cmem.length; i++) {
            // Every CMEM_* says 4 bytes in its number, but the driver copies the whole 36-byte mem_block.
            d.register(0x40046D01 + i, cmem[i], 36, Field.in("name", 0, 10).string(), Field.in("is_use_buffer", 10, 1),
                    Field.inout("id", 12, 4), Field.inout("offset", 16, 4), Field.inout("len", 20, 4).hex(),
                    Field.out("phy_base", 24, 4).hex(),
                    Field.out("mem_base", 28, 4).hex(), Field.out("kernel_base", 32, 4).hex());
        }
        d.register(0xC0206801, "HEAP_TEST_IOCTL_MAP", 32, Field.in("fd", 0, 4), Field.out("nents", 4, 4),
                Field.inout("len", 8, 8), Field.out("dma_addr", 16, 8).hex(), Field.out("dma_len0", 24, 4));
        // tty.
        d.register(0x5401, "TCGETS", 0);
        d.register(0x5402, "TCSETS", 0);
        d.register(0x5413, "TIOCGWINSZ", 0);
        d.register(0x540f, "TIOCGPGRP", 0);
        d.register(0x541b, "FIONREAD", 0);
        d.register(0x5421, "FIONBIO", 0);
        return d;
    }

    public void register(int cmd, String name, int structSize, Field... fields) {
        Command c = new Command(cmd, name, structSize, List.of(fields));
        commands.put(cmd, c);
        order.add(c);
    }

    /**
     * The command called {@code name}. ION_IOC_ALLOC has two layouts: the 4.9 one (registered first)
     * for {@code legacy}, the 4.12+ one otherwise. A name that is a number is looked up as one.
     */
    public Command lookup(String name, boolean legacy) {
        Command found = null;
        for (Command c : order) {
            if (c.name.equals(name)) {
                if (legacy) {
                    return c;
                }
                found = c;
            }
        }
        return found;
    }

    public Command lookup(int cmd) {
        return commands.get(cmd);
    }

    /** The command's name, or strace's _IOC(...) spelling for unknown numbers. */
    public String name(int cmd) {
        Command c = commands.get(cmd);
        if (c != null) {
            return c.name;
        }
        int dir = cmd >>> 30;
        String d = switch (dir) {
            case 0 -> "_IOC_NONE";
            case 1 -> "_IOC_WRITE";
            case 2 -> "_IOC_READ";
            default -> "_IOC_READ|_IOC_WRITE";
        };
        return String.format("_IOC(%s, 0x%x, 0x%x, 0x%x)", d, (cmd >>> 8) & 0xff, cmd & 0xff, (cmd >>> 16) & 0x3fff);
    }

    /** The fields going in ({@code out == false}) or coming back, read from user memory; null when none. */
    public String decode(AddressSpace mm, int cmd, long arg, boolean out) {
        Command c = commands.get(cmd);
        if (c == null || c.fields.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Field f : c.fields) {
            boolean want = out ? f.dir != Dir.IN : f.dir != Dir.OUT;
            if (!want) {
                continue;
            }
            try {
                byte[] b = mm.copyFromUser(arg + f.offset, f.size);
                if (f.format == Format.STRING) {
                    int n = 0;
                    while (n < b.length && b[n] != 0) {
                        n++;
                    }
                    parts.add(f.name + "=\"" + new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1) + "\"");
                    continue;
                }
                long v = 0;
                for (int i = f.size - 1; i >= 0; i--) {
                    v = v << 8 | (b[i] & 0xff);
                }
                parts.add(f.name + "=" + (f.format == Format.HEX ? "0x" + Long.toHexString(v) : Long.toString(v)));
            } catch (RuntimeException e) {
                return String.format("0x%x", arg);
            }
        }
        return parts.isEmpty() ? null : "{" + String.join(", ", parts) + "}";
    }
}
