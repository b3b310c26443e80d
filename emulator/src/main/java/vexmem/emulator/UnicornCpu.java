package vexmem.emulator;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import unicorn.ArmConst;
import unicorn.EventMemHook;
import unicorn.InterruptHook;
import unicorn.Unicorn;
import unicorn.UnicornConst;
import vexmem.kernel.mm.AddressSpace;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.PhysicalMemory;
import vexmem.kernel.mm.Vma;

/**
 * One Unicorn 1 ARM engine per process. Guest memory is never copied: every VMA page run whose frames
 * are consecutive is mapped with {@code uc_mem_map_ptr} straight onto the board's physical memory, so
 * the guest, Java drivers and other engines see the same bytes. The mirror follows the address space
 * through {@link AddressSpace.Observer}; regions are merged so that the engine's linear region search
 * stays short.
 */
public final class UnicornCpu implements CpuBackend, AddressSpace.Observer {
    public static final long VECTOR_PAGE = 0xffff0000L;
    /**
     * {@code mov r7, #119 (173); svc #0} on the vector page: the return path of a handler installed
     * without SA_RESTORER (Linux 4.9 uses its separate sigpage; glibc always passes a restorer).
     */
    public static final long SIGRETURN_TRAMPOLINE = VECTOR_PAGE + 0xf00, RT_SIGRETURN_TRAMPOLINE = VECTOR_PAGE + 0xf08;
    /** Linux/ARM CPSR for user mode, ARM state, interrupts enabled. */
    private static final int CPSR_USER = 0x10;
    private static final int CPSR_T = 0x20;

    /** A mapped Unicorn region: [start, end) at host address {@code host}. */
    private record Region(long start, long end, long host, int perms) {
    }

    /** Last memory fault the engine reported through the event hook; {@code hookType} is a UC_HOOK_MEM_* bit. */
    public record Fault(long address, int hookType) {
        public boolean unmapped() {
            return hookType <= UnicornConst.UC_HOOK_MEM_FETCH_UNMAPPED;
        }
    }

    private final Unicorn uc;
    private final long eng;
    private final UcNative c;
    private AddressSpace mm;
    private PhysicalMemory phys;
    private final TreeMap<Long, Region> regions = new TreeMap<>();
    private final byte[] regBuf = new byte[4];
    private Client client;
    /** Executable memory went away or changed: translations must be dropped before running again. */
    private boolean flushPending;
    private Fault lastFault;
    private boolean closed;

    public UnicornCpu(AddressSpace mm) {
        this.uc = new Unicorn(UnicornConst.UC_ARCH_ARM, UnicornConst.UC_MODE_ARM);
        this.eng = UcNative.handle(uc);
        this.c = UcNative.Holder.C;
        this.mm = mm;
        this.phys = mm.physicalMemory();
        // VFP/NEON on: CPACR cp10/cp11 full access, FPEXC.EN.
        long cpacr = reg(ArmConst.UC_ARM_REG_C1_C0_2);
        setReg(ArmConst.UC_ARM_REG_C1_C0_2, cpacr | (0xfL << 20));
        setReg(ArmConst.UC_ARM_REG_FPEXC, 0x40000000L);
        long cpsr = reg(ArmConst.UC_ARM_REG_CPSR);
        setReg(ArmConst.UC_ARM_REG_CPSR, (cpsr & ~0x1fL & ~0x1c0L) | CPSR_USER);
        // Keep translations across runs (each stop would otherwise discard all translated code: a
        // blocking call or a scheduler slice would re-translate the whole program). Stale code is
        // handled explicitly: flushPending below, and cacheflush.
        c.uc_set_tb_flush_on_finish(eng, false);
        mapVectorPage();
        for (int type : new int[] {UnicornConst.UC_HOOK_MEM_READ_UNMAPPED, UnicornConst.UC_HOOK_MEM_WRITE_UNMAPPED,
            UnicornConst.UC_HOOK_MEM_FETCH_UNMAPPED, UnicornConst.UC_HOOK_MEM_READ_PROT,
            UnicornConst.UC_HOOK_MEM_WRITE_PROT, UnicornConst.UC_HOOK_MEM_FETCH_PROT}) {
            uc.hook_add((EventMemHook) (u, address, size, value, user) -> {
                lastFault = new Fault(address & 0xffffffffL, type);
                return false;
            }, type, null);
        }
        uc.hook_add((InterruptHook) (u, intno, user) -> {
            if (intno == 2) {
                client.onSyscall(this);
            } else {
                client.onException(this, intno);
            }
        }, null);
        for (Vma v : mm.vmas()) {
            mirror(v.start(), v.end());
        }
        mm.addObserver(this);
    }

    /** The address space this engine mirrors. */
    public AddressSpace mm() {
        return mm;
    }

    /**
     * Mirrors another address space from now on (execve of a CLONE_VM child, which leaves the shared
     * one): every region of the old one is unmapped (translations are flushed before the next run).
     */
    public void rebind(AddressSpace to) {
        mm.removeObserver(this);
        for (Region r : new ArrayList<>(regions.values())) {
            ucUnmap(r);
        }
        mm = to;
        phys = to.physicalMemory();
        for (Vma v : mm.vmas()) {
            mirror(v.start(), v.end());
        }
        mm.addObserver(this);
    }

    public void setClient(Client client) {
        this.client = client;
    }

    public Unicorn unicorn() {
        return uc;
    }

    /** Number of Unicorn regions currently mapped for the address space (the vector page excluded). */
    public int regionCount() {
        return regions.size();
    }

    public Fault takeFault() {
        Fault f = lastFault;
        lastFault = null;
        return f;
    }

    // ------------------------------------------------------------ registers and running

    @Override
    public long reg(int reg) {
        byte[] b = uc.reg_read(reg, 4);
        return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
    }

    @Override
    public void setReg(int reg, long v) {
        byte[] b = regBuf;
        b[0] = (byte) v;
        b[1] = (byte) (v >>> 8);
        b[2] = (byte) (v >>> 16);
        b[3] = (byte) (v >>> 24);
        uc.reg_write(reg, b);
    }

    /**
     * Copies the user-visible CPU state into {@code to} (fork): CPSR (flags, Thumb bit), r0-r12, sp,
     * lr, pc, VFP/NEON d0-d31, FPSCR, FPEXC and TPIDRURO.
     */
    public void copyStateTo(UnicornCpu to) {
        to.setReg(ArmConst.UC_ARM_REG_CPSR, reg(ArmConst.UC_ARM_REG_CPSR));
        for (int r = ArmConst.UC_ARM_REG_R0; r <= ArmConst.UC_ARM_REG_R12; r++) {
            to.setReg(r, reg(r));
        }
        for (int r : new int[] {ArmConst.UC_ARM_REG_SP, ArmConst.UC_ARM_REG_LR, ArmConst.UC_ARM_REG_PC,
            ArmConst.UC_ARM_REG_FPSCR, ArmConst.UC_ARM_REG_FPEXC, ArmConst.UC_ARM_REG_C13_C0_3}) {
            to.setReg(r, reg(r));
        }
        for (int r = ArmConst.UC_ARM_REG_D0; r <= ArmConst.UC_ARM_REG_D31; r++) {
            to.uc.reg_write(r, uc.reg_read(r, 8));
        }
    }

    /** d0-d31, 256 bytes little-endian. */
    public byte[] vfpRegisters() {
        byte[] out = new byte[256];
        for (int r = 0; r < 32; r++) {
            System.arraycopy(uc.reg_read(ArmConst.UC_ARM_REG_D0 + r, 8), 0, out, 8 * r, 8);
        }
        return out;
    }

    public void setVfpRegisters(byte[] d) {
        for (int r = 0; r < 32; r++) {
            uc.reg_write(ArmConst.UC_ARM_REG_D0 + r, java.util.Arrays.copyOfRange(d, 8 * r, 8 * r + 8));
        }
    }

    /** The state execve leaves: user mode, ARM state, every general and VFP register zero, no TLS. */
    public void resetState() {
        long cpsr = reg(ArmConst.UC_ARM_REG_CPSR);
        setReg(ArmConst.UC_ARM_REG_CPSR, (cpsr & ~0xf80001ffL) | CPSR_USER);
        for (int r = ArmConst.UC_ARM_REG_R0; r <= ArmConst.UC_ARM_REG_R12; r++) {
            setReg(r, 0);
        }
        setReg(ArmConst.UC_ARM_REG_LR, 0);
        setReg(ArmConst.UC_ARM_REG_FPSCR, 0);
        setReg(ArmConst.UC_ARM_REG_C13_C0_3, 0);
        byte[] zero = new byte[8];
        for (int r = ArmConst.UC_ARM_REG_D0; r <= ArmConst.UC_ARM_REG_D31; r++) {
            uc.reg_write(r, zero);
        }
    }

    @Override
    public long resumePc() {
        long pc = reg(ArmConst.UC_ARM_REG_PC);
        boolean thumb = (reg(ArmConst.UC_ARM_REG_CPSR) & CPSR_T) != 0;
        return thumb ? pc | 1 : pc & ~1L;
    }

    @Override
    public void run(long pc, long count) {
        if (flushPending) {
            flushTranslations(pc);
        }
        uc.emu_start(pc, 0xffffffffL, 0, count);
    }

    /**
     * True when executable memory was unmapped or re-protected during the current run: the caller
     * should stop the engine so that the translations are dropped before more code runs (Unicorn 1
     * can give a new region the ram offset of a freed one, and then an old translation would match).
     */
    public boolean flushPending() {
        return flushPending;
    }

    /**
     * A zero-length run with tb_flush_on_finish set: the only whole-cache flush Unicorn 1 exposes. It
     * starts at the vector page's first word, which guests never execute: "until" is only checked when
     * code is translated, so a start address with a cached translation would run on past it.
     */
    private void flushTranslations(long pc) {
        c.uc_set_tb_flush_on_finish(eng, true);
        try {
            uc.emu_start(VECTOR_PAGE, VECTOR_PAGE, 0, 0);
        } finally {
            c.uc_set_tb_flush_on_finish(eng, false);
        }
        flushPending = false;
    }

    @Override
    public void stop() {
        uc.emu_stop();
    }

    @Override
    public byte[] memRead(long addr, int len) {
        return uc.mem_read(addr, len);
    }

    @Override
    public void memWrite(long addr, byte[] data) {
        uc.mem_write(addr, data);
    }

    /**
     * Unicorn 1 keeps translations of a range even across uc_mem_unmap + uc_mem_map_ptr of the same host
     * memory (measured: the stale block still ran). A write through the API, though, goes through
     * QEMU's cpu_physical_memory_rw, which invalidates every translation block in the written range; so
     * the bytes are read and written back unchanged. Costs one copy of the range, which for
     * cacheflush (JITs, trampolines) is small.
     */
    @Override
    public void flushCode(long start, long end) {
        for (Region r : overlapping(start, end)) {
            long from = Math.max(start, r.start);
            long to = Math.min(end, r.end);
            while (from < to) {
                int n = (int) Math.min(to - from, 1 << 20);
                uc.mem_write(from, uc.mem_read(from, n));
                from += n;
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            mm.removeObserver(this);
            uc.closeAll();
        }
    }

    // ------------------------------------------------------------ kuser helpers

    private void mapVectorPage() {
        uc.mem_map(VECTOR_PAGE, PageSize.PAGE_SIZE, UnicornConst.UC_PROT_ALL);
        int[] cmpxchg64 = {0xe92d4070, 0xe8900030, 0xe8914040, 0xe8920003, 0xe0303004, 0x00313005, 0x08824040,
            0xe2730000, 0xe8bd8070};
        int[] barrier = {0xf57ff05b, 0xe12fff1e}; // dmb ish; bx lr
        int[] cmpxchg = {0xe5923000, 0xe0533000, 0x05821000, 0xe2730000, 0xe12fff1e};
        int[] getTls = {0xee1d0f70, 0xe12fff1e};
        byte[] page = new byte[(int) PageSize.PAGE_SIZE];
        put(page, 0xf60, cmpxchg64);
        put(page, 0xfa0, barrier);
        put(page, 0xfc0, cmpxchg);
        put(page, 0xfe0, getTls);
        put(page, 0xffc, new int[] {5});
        put(page, 0xf00, new int[] {0xe3a07077, 0xef000000, 0xe3a070ad, 0xef000000});
        uc.mem_write(VECTOR_PAGE, page);
        uc.mem_protect(VECTOR_PAGE, PageSize.PAGE_SIZE, UnicornConst.UC_PROT_READ | UnicornConst.UC_PROT_EXEC);
    }

    private static void put(byte[] page, int off, int[] words) {
        for (int i = 0; i < words.length; i++) {
            int w = words[i];
            int o = off + 4 * i;
            page[o] = (byte) w;
            page[o + 1] = (byte) (w >>> 8);
            page[o + 2] = (byte) (w >>> 16);
            page[o + 3] = (byte) (w >>> 24);
        }
    }

    // ------------------------------------------------------------ memory mirror

    @Override
    public void mapped(Vma vma) {
        mirror(vma.start(), vma.end());
    }

    @Override
    public void unmapped(long start, long end) {
        unmapRange(start, end);
    }

    @Override
    public void protectionChanged(long start, long end, int prot) {
        mirror(start, end);
    }

    /** Makes the engine's view of [start, end) match the VMAs there. */
    private void mirror(long start, long end) {
        unmapRange(start, end);
        for (Vma v : mm.vmas()) {
            if (v.end() <= start || v.start() >= end) {
                continue;
            }
            int perms = v.prot() & 7;
            if (perms == 0) {
                continue;
            }
            long from = Math.max(start, v.start());
            long to = Math.min(end, v.end());
            int i = (int) ((from - v.start()) >>> PageSize.PAGE_SHIFT);
            int last = (int) ((to - v.start()) >>> PageSize.PAGE_SHIFT);
            while (i < last) {
                long pfn = v.pfnAt(i);
                if (pfn < 0) {
                    i++;
                    continue;
                }
                long host = phys.hostAddress(PageSize.phys(pfn));
                int j = i + 1;
                while (j < last && v.pfnAt(j) == pfn + (j - i)
                        && phys.rangeOf(PageSize.phys(pfn), (long) (j - i + 1) << PageSize.PAGE_SHIFT) != null) {
                    j++;
                }
                long a = v.start() + ((long) i << PageSize.PAGE_SHIFT);
                addRegion(new Region(a, a + ((long) (j - i) << PageSize.PAGE_SHIFT), host, perms));
                i = j;
            }
        }
    }

    private void addRegion(Region r) {
        Map.Entry<Long, Region> le = regions.lowerEntry(r.start);
        if (le != null) {
            Region l = le.getValue();
            if (l.end == r.start && l.perms == r.perms && l.host + (l.end - l.start) == r.host) {
                ucUnmap(l);
                r = new Region(l.start, r.end, l.host, r.perms);
            }
        }
        Region n = regions.get(r.end);
        if (n != null && n.perms == r.perms && r.host + (r.end - r.start) == n.host) {
            ucUnmap(n);
            r = new Region(r.start, n.end, r.host, r.perms);
        }
        UcNative.check(c.uc_mem_map_ptr(eng, r.start, r.end - r.start, r.perms, new Pointer(r.host)),
                String.format("uc_mem_map_ptr(0x%x, 0x%x)", r.start, r.end - r.start));
        regions.put(r.start, r);
    }

    private void ucUnmap(Region r) {
        if ((r.perms & UnicornConst.UC_PROT_EXEC) != 0) {
            flushPending = true;
        }
        UcNative.check(c.uc_mem_unmap(eng, r.start, r.end - r.start), "uc_mem_unmap");
        regions.remove(r.start);
    }

    private List<Region> overlapping(long start, long end) {
        List<Region> out = new ArrayList<>();
        Map.Entry<Long, Region> first = regions.lowerEntry(start);
        if (first != null && first.getValue().end > start) {
            out.add(first.getValue());
        }
        out.addAll(regions.subMap(start, true, end, false).values());
        return out;
    }

    private void unmapRange(long start, long end) {
        for (Region r : overlapping(start, end)) {
            ucUnmap(r);
            if (r.start < start) {
                Region head = new Region(r.start, start, r.host, r.perms);
                UcNative.check(c.uc_mem_map_ptr(eng, head.start, head.end - head.start, head.perms,
                        new Pointer(head.host)), "uc_mem_map_ptr");
                regions.put(head.start, head);
            }
            if (r.end > end) {
                Region tail = new Region(end, r.end, r.host + (end - r.start), r.perms);
                UcNative.check(c.uc_mem_map_ptr(eng, tail.start, tail.end - tail.start, tail.perms,
                        new Pointer(tail.host)), "uc_mem_map_ptr");
                regions.put(tail.start, tail);
            }
        }
    }
}
