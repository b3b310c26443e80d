package vexmem.emulator.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import unicorn.ArmConst;
import unicorn.InterruptHook;
import unicorn.Unicorn;
import unicorn.UnicornConst;

/**
 * The baseline for the benchmark: the same Unicorn engine and settings, the binary's segments mapped
 * with plain {@code mem_map}, and a minimal syscall hook (write, brk, anonymous mmap2, set_tls,
 * exit_group, everything else 0 or -ENOSYS). No kernel model, no address-space mirror.
 */
final class BareRunner {
    private final Unicorn uc = new Unicorn(UnicornConst.UC_ARCH_ARM, UnicornConst.UC_MODE_ARM);
    private final OutputStream out;
    private long brkStart, brk, mmapTop = 0xb0000000L;
    private int status = -1;

    BareRunner(OutputStream out) {
        this.out = out;
    }

    int run(Path elf, List<String> argv) throws IOException {
        byte[] f = Files.readAllBytes(elf);
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        long entry = b.getInt(24) & 0xffffffffL;
        int phoff = b.getInt(28), phnum = b.getShort(44);
        long phdr = 0, end = 0;
        for (int i = 0; i < phnum; i++) {
            int o = phoff + 32 * i;
            if (b.getInt(o) != 1) {
                continue;
            }
            long off = b.getInt(o + 4) & 0xffffffffL, va = b.getInt(o + 8) & 0xffffffffL;
            long fsz = b.getInt(o + 16) & 0xffffffffL, msz = b.getInt(o + 20) & 0xffffffffL;
            long s = va & ~0xfffL, e = (va + msz + 0xfff) & ~0xfffL;
            s = Math.max(s, end);
            if (e > s) {
                uc.mem_map(s, e - s, UnicornConst.UC_PROT_ALL);
            }
            byte[] seg = new byte[(int) fsz];
            System.arraycopy(f, (int) off, seg, 0, (int) fsz);
            uc.mem_write(va, seg);
            if (phoff >= off && phoff < off + fsz) {
                phdr = va + (phoff - off);
            }
            end = Math.max(end, e);
        }
        brkStart = brk = end;
        long top = 0xbf000000L, stack = 1 << 20;
        uc.mem_map(top - stack, stack, UnicornConst.UC_PROT_READ | UnicornConst.UC_PROT_WRITE);
        long p = top - 256;
        long[] argAddr = new long[argv.size()];
        for (int i = 0; i < argv.size(); i++) {
            byte[] s = (argv.get(i) + "\0").getBytes();
            p -= s.length;
            uc.mem_write(p, s);
            argAddr[i] = p;
        }
        p = (p - 16) & ~0xfL;
        long rnd = p;
        uc.mem_write(rnd, new byte[16]);
        long[] auxv = {16, Long.getLong("bare.hwcap", 0x0008B0D6L), 6, 4096, 3, phdr, 4, 32, 5, phnum, 9, entry, 25, rnd, 0, 0};
        int items = 1 + argv.size() + 1 + 1 + auxv.length;
        long sp = (p - 4L * items) & ~0xfL;
        ByteBuffer w = ByteBuffer.allocate(4 * items).order(ByteOrder.LITTLE_ENDIAN);
        w.putInt(argv.size());
        for (long a : argAddr) {
            w.putInt((int) a);
        }
        w.putInt(0).putInt(0);
        for (long a : auxv) {
            w.putInt((int) a);
        }
        uc.mem_write(sp, w.array());
        // user mode first: SP is banked, so writing it in SVC mode would be lost
        long cpsr = reg(ArmConst.UC_ARM_REG_CPSR);
        set(ArmConst.UC_ARM_REG_CPSR, (cpsr & ~0x1dfL) | 0x10);
        set(ArmConst.UC_ARM_REG_SP, sp);
        set(ArmConst.UC_ARM_REG_R0, 0);
        long cpacr = reg(ArmConst.UC_ARM_REG_C1_C0_2);
        set(ArmConst.UC_ARM_REG_C1_C0_2, cpacr | (0xfL << 20));
        set(ArmConst.UC_ARM_REG_FPEXC, 0x40000000L);
        uc.hook_add((InterruptHook) (u, intno, user) -> syscall(), null);
        if (!Boolean.getBoolean("bare.nomemhook")) uc.hook_add((unicorn.EventMemHook) (u, addr, size, value, user) -> {
            System.err.printf("bare: unmapped access 0x%x at pc 0x%x sp 0x%x cpsr 0x%x r0 0x%x%n", addr, reg(ArmConst.UC_ARM_REG_PC), reg(ArmConst.UC_ARM_REG_SP), reg(ArmConst.UC_ARM_REG_CPSR), reg(ArmConst.UC_ARM_REG_R0));
            return false;
        }, UnicornConst.UC_HOOK_MEM_UNMAPPED, null);
        uc.emu_start(entry, 0xffffffffL, 0, 0);
        uc.closeAll();
        return status;
    }

    private long reg(int r) {
        byte[] v = uc.reg_read(r, 4);
        return (v[0] & 0xffL) | (v[1] & 0xffL) << 8 | (v[2] & 0xffL) << 16 | (v[3] & 0xffL) << 24;
    }

    private void ret(long v) {
        set(ArmConst.UC_ARM_REG_R0, v);
    }

    private void set(int r, long v) {
        uc.reg_write(r, new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
    }

    private void syscall() {
        int nr = (int) reg(ArmConst.UC_ARM_REG_R7);
        switch (nr) {
            case 4 -> {
                long n = reg(ArmConst.UC_ARM_REG_R2);
                try {
                    out.write(uc.mem_read(reg(ArmConst.UC_ARM_REG_R1), n));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                ret(n);
            }
            case 45 -> {
                long want = reg(ArmConst.UC_ARM_REG_R0);
                if (want > brk) {
                    long oldTop = (brk + 0xfff) & ~0xfffL, newTop = (want + 0xfff) & ~0xfffL;
                    if (newTop > oldTop) {
                        uc.mem_map(oldTop, newTop - oldTop, UnicornConst.UC_PROT_READ | UnicornConst.UC_PROT_WRITE);
                    }
                    brk = want;
                }
                ret(brk);
            }
            case 192 -> {
                long len = (reg(ArmConst.UC_ARM_REG_R1) + 0xfff) & ~0xfffL;
                mmapTop -= len;
                uc.mem_map(mmapTop, len, UnicornConst.UC_PROT_ALL);
                ret(mmapTop);
            }
            case 0xf0005 -> {
                uc.reg_write(ArmConst.UC_ARM_REG_C13_C0_3, uc.reg_read(ArmConst.UC_ARM_REG_R0, 4));
                ret(0);
            }
            case 248, 1 -> {
                status = (int) reg(ArmConst.UC_ARM_REG_R0);
                uc.emu_stop();
            }
            case 64, 91, 125, 256, 338, 174, 175 -> ret(nr == 64 ? 1 : 0);
            default -> ret(-38);
        }
    }
}
