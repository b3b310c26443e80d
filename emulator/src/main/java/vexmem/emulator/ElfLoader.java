package vexmem.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.KernelError;
import vexmem.kernel.mm.AddressSpace;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.task.Task;

/**
 * binfmt_elf for static 32-bit little-endian ARM EABI executables (ET_EXEC, and static-pie ET_DYN
 * loaded at {@link #PIE_BASE}): maps the PT_LOAD segments, sets up brk and builds the initial stack
 * exactly as create_elf_tables does.
 */
public final class ElfLoader {
    public static final long PIE_BASE = 0x00400000L;
    public static final long STACK_TOP = AddressSpace.TASK_SIZE;
    public static final long STACK_SIZE = 1L << 20;
    /** HALF|THUMB|FAST_MULT|VFP|EDSP|NEON|VFPv3|TLS|VFPD32: a Cortex-A9 with NEON. */
    public static final long HWCAP = 0x0008B0D6L;
    public static final String PLATFORM = "v7l";
    public static final List<String> DEFAULT_ENV = List.of("PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/", "TERM=linux");

    private static final int PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6;
    private static final int ET_EXEC = 2, ET_DYN = 3, EM_ARM = 40;
    private static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
            AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;

    /** What was loaded: where to start, and the initial stack pointer. */
    public record Image(long entry, long sp, long loadBias, long phdr, int phnum, long brk) {
        public boolean thumbEntry() {
            return (entry & 1) != 0;
        }
    }

    private record Segment(long vaddr, long offset, long filesz, long memsz, int prot) {
    }

    private ElfLoader() {
    }

    /** Reads and validates the file; ExecException (126/127) with a one-line message on failure. */
    public static byte[] read(Path elf) {
        try {
            if (Files.isDirectory(elf)) {
                throw new ExecException(ExecException.CANNOT_EXECUTE, elf + ": Is a directory");
            }
            return Files.readAllBytes(elf);
        } catch (NoSuchFileException e) {
            throw new ExecException(ExecException.NOT_FOUND, elf + ": No such file or directory");
        } catch (IOException e) {
            throw new ExecException(ExecException.CANNOT_EXECUTE, elf + ": cannot read: " + e.getMessage());
        }
    }

    private record Parsed(int type, long entry, long phoff, int phnum, List<Segment> loads, long phdrVaddr) {
    }

    /** Validates the ELF header and program headers without touching any address space. */
    public static void check(String name, byte[] file) {
        parse(name, file);
    }

    private static Parsed parse(String name, byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 52 || b.getInt(0) != 0x464c457f) {
            throw new ExecException(ExecException.CANNOT_EXECUTE, name + ": cannot execute binary file: not an ELF file");
        }
        if (file[4] != 1) {
            throw new ExecException(ExecException.CANNOT_EXECUTE,
                    name + ": cannot execute binary file: not a 32-bit ELF (ELFCLASS" + (file[4] == 2 ? "64" : "NONE") + ")");
        }
        if (file[5] != 1) {
            throw new ExecException(ExecException.CANNOT_EXECUTE, name + ": cannot execute binary file: not little-endian");
        }
        int type = b.getShort(16) & 0xffff;
        int machine = b.getShort(18) & 0xffff;
        if (machine != EM_ARM) {
            throw new ExecException(ExecException.CANNOT_EXECUTE,
                    name + ": cannot execute binary file: wrong machine (e_machine " + machine + ", want ARM)");
        }
        if (type != ET_EXEC && type != ET_DYN) {
            throw new ExecException(ExecException.CANNOT_EXECUTE, name + ": cannot execute binary file: not an executable (e_type " + type + ")");
        }
        long entry = b.getInt(24) & 0xffffffffL;
        long phoff = b.getInt(28) & 0xffffffffL;
        int phentsize = b.getShort(42) & 0xffff;
        int phnum = b.getShort(44) & 0xffff;
        if (phentsize != 32 || phnum == 0 || phoff + (long) phnum * 32 > file.length) {
            throw new ExecException(ExecException.CANNOT_EXECUTE, name + ": cannot execute binary file: bad program headers");
        }
        List<Segment> loads = new ArrayList<>();
        long phdrVaddr = -1;
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + 32L * i);
            int ptype = b.getInt(o);
            long offset = b.getInt(o + 4) & 0xffffffffL;
            long vaddr = b.getInt(o + 8) & 0xffffffffL;
            long filesz = b.getInt(o + 16) & 0xffffffffL;
            long memsz = b.getInt(o + 20) & 0xffffffffL;
            int flags = b.getInt(o + 24);
            if (ptype == PT_INTERP) {
                throw new ExecException(ExecException.CANNOT_EXECUTE,
                        name + ": cannot execute: dynamically linked (PT_INTERP); only static binaries are supported");
            } else if (ptype == PT_LOAD) {
                if (offset + filesz > file.length || filesz > memsz) {
                    throw new ExecException(ExecException.CANNOT_EXECUTE, name + ": cannot execute binary file: truncated segment");
                }
                int prot = ((flags & 4) != 0 ? Prot.PROT_READ : 0) | ((flags & 2) != 0 ? Prot.PROT_WRITE : 0)
                        | ((flags & 1) != 0 ? Prot.PROT_EXEC : 0);
                loads.add(new Segment(vaddr, offset, filesz, memsz, prot));
            } else if (ptype == PT_PHDR) {
                phdrVaddr = vaddr;
            }
            // PT_GNU_STACK: the stack is never executable here; PT_TLS is glibc's business; PT_ARM_EXIDX unused.
        }
        if (loads.isEmpty()) {
            throw new ExecException(ExecException.CANNOT_EXECUTE, name + ": cannot execute binary file: no loadable segments");
        }
        return new Parsed(type, entry, phoff, phnum, loads, phdrVaddr);
    }

    public static Image load(Task task, String name, byte[] file, List<String> argv, List<String> env) {
        Parsed pr = parse(name, file);
        int type = pr.type();
        long entry = pr.entry();
        long phoff = pr.phoff();
        int phnum = pr.phnum();
        List<Segment> loads = pr.loads();
        long phdrVaddr = pr.phdrVaddr();
        long bias = 0;
        if (type == ET_DYN) {
            bias = PIE_BASE - (loads.get(0).vaddr & PageSize.PAGE_MASK);
        }
        AddressSpace mm = task.mm();
        long mappedEnd = 0;
        long brk = 0;
        try {
            for (Segment s : loads) {
                long start = (s.vaddr + bias) & PageSize.PAGE_MASK;
                long end = PageSize.pageAlign(s.vaddr + bias + s.memsz);
                long from = Math.max(start, mappedEnd);
                // The file-backed pages carry the executable's path in /proc/pid/maps, as Linux's
                // file mappings do; whole pages of bss beyond the file's bytes are anonymous.
                long fileEnd = Math.min(end, PageSize.pageAlign(s.vaddr + bias + s.filesz));
                String path = task.exePath != null ? task.exePath : name;
                if (fileEnd > from) {
                    mm.mmap(task, from, fileEnd - from, s.prot,
                            Prot.MAP_FIXED | Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0, path);
                }
                long anonFrom = Math.max(from, fileEnd);
                if (end > anonFrom) {
                    mm.mmap(task, anonFrom, end - anonFrom, s.prot,
                            Prot.MAP_FIXED | Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0, null);
                }
                if (s.filesz > 0) {
                    mm.pokeUser(s.vaddr + bias, file, (int) s.offset, (int) s.filesz);
                }
                mappedEnd = Math.max(mappedEnd, end);
                brk = Math.max(brk, s.vaddr + bias + s.memsz);
                if (phdrVaddr < 0 && phoff >= s.offset && phoff < s.offset + s.filesz) {
                    phdrVaddr = s.vaddr + (phoff - s.offset);
                }
            }
        } catch (KernelError e) {
            throw new ExecException(ExecException.CANNOT_EXECUTE, name + ": cannot map segments: " + e.getMessage());
        }
        long phdr = phdrVaddr < 0 ? 0 : phdrVaddr + bias;
        mm.initBrk(PageSize.pageAlign(brk));
        mm.mmap(task, STACK_TOP - STACK_SIZE, STACK_SIZE, Prot.PROT_READ | Prot.PROT_WRITE,
                Prot.MAP_FIXED | Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0, "[stack]");
        long sp = buildStack(task, name, argv, env, entry + bias, phdr, phnum);
        return new Image(entry + bias, sp, bias, phdr, phnum, PageSize.pageAlign(brk));
    }

    /** create_elf_tables: strings at the top, then AT_RANDOM and platform, then argc/argv/envp/auxv. */
    private static long buildStack(Task task, String execfn, List<String> argv, List<String> env, long entry,
                                   long phdr, int phnum) {
        AddressSpace mm = task.mm();
        long p = STACK_TOP - 4; // the NULL word bprm->p starts below
        p = pushString(mm, p, execfn);
        long execfnAddr = p;
        long[] envAddr = new long[env.size()];
        for (int i = env.size() - 1; i >= 0; i--) {
            p = pushString(mm, p, env.get(i));
            envAddr[i] = p;
        }
        long[] argAddr = new long[argv.size()];
        for (int i = argv.size() - 1; i >= 0; i--) {
            p = pushString(mm, p, argv.get(i));
            argAddr[i] = p;
        }
        p &= ~0xfL;
        p = pushString(mm, p, PLATFORM);
        long platformAddr = p;
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) {
            random[i] = (byte) (0x5a ^ (i * 37 + 11));
        }
        p -= 16;
        mm.pokeUser(p, random, 0, 16);
        long randomAddr = p;
        long[] auxv = {
            AT_HWCAP, HWCAP, AT_PAGESZ, PageSize.PAGE_SIZE, AT_CLKTCK, 100, AT_PHDR, phdr, AT_PHENT, 32,
            AT_PHNUM, phnum, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, entry, AT_UID, 0, AT_EUID, 0, AT_GID, 0,
            AT_EGID, 0, AT_SECURE, 0, AT_RANDOM, randomAddr, AT_HWCAP2, 0, AT_EXECFN, execfnAddr,
            AT_PLATFORM, platformAddr, AT_NULL, 0,
        };
        int items = 1 + argv.size() + 1 + env.size() + 1 + auxv.length;
        long sp = (p - 4L * items) & ~0xfL;
        ByteBuffer w = ByteBuffer.allocate(4 * items).order(ByteOrder.LITTLE_ENDIAN);
        w.putInt(argv.size());
        for (long a : argAddr) {
            w.putInt((int) a);
        }
        w.putInt(0);
        for (long a : envAddr) {
            w.putInt((int) a);
        }
        w.putInt(0);
        for (long a : auxv) {
            w.putInt((int) a);
        }
        mm.pokeUser(sp, w.array(), 0, w.capacity());
        return sp;
    }

    private static long pushString(AddressSpace mm, long p, String s) {
        byte[] bytes = (s + "\0").getBytes(StandardCharsets.UTF_8);
        p -= bytes.length;
        mm.pokeUser(p, bytes, 0, bytes.length);
        return p;
    }
}
