package vexmem.emulator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import unicorn.ArmConst;
import unicorn.InterruptHook;
import unicorn.Unicorn;
import unicorn.UnicornConst;

/**
 * Shows what sets Unicorn 1's floor on branchy integer code: its ARM target uses 1 KiB pages
 * (TARGET_PAGE_BITS 10), translation blocks are chained only when a jump stays inside one such page
 * and the block does not span two, and every other block transition goes back through the engine's
 * main loop (built at -O0 in the bundled natives). The same 40-byte Thumb loop, cpu_bench's integer
 * loop copied from the binary, is run once inside one 1 KiB page and once straddling a boundary, as
 * the linker happened to place it in cpu_bench. Prints ns per iteration.
 */
public final class TbPageProbe {
    /** cpu_bench's inner integer loop: file offset 0x3e8..0x410 (vaddr 0x103e8, text at file offset 0). */
    private static final int LOOP_OFF = 0x3e8, LOOP_END = 0x410;

    private TbPageProbe() {
    }

    public static void main(String[] a) throws Exception {
        Path bin = Path.of(a.length > 0 ? a[0] : "../guest-programs/bin").resolve("cpu_bench");
        byte[] loop = Arrays.copyOfRange(Files.readAllBytes(bin), LOOP_OFF, LOOP_END);
        int n = 5_000_000;
        System.out.printf("integer loop inside one 1 KiB page : %.1f ns/iteration%n", run(loop, 0x10000, n));
        System.out.printf("integer loop across a 1 KiB boundary: %.1f ns/iteration%n", run(loop, 0x103e8, n));
    }

    static double run(byte[] loop, long at, int iterations) {
        Unicorn uc = new Unicorn(UnicornConst.UC_ARCH_ARM, UnicornConst.UC_MODE_THUMB);
        try {
            uc.mem_map(0x10000, 0x10000, UnicornConst.UC_PROT_ALL);
            uc.mem_write(at, loop);
            uc.mem_write(at + loop.length, new byte[] {0x00, (byte) 0xdf}); // svc #0 ends the run
            uc.hook_add((InterruptHook) (u, intno, user) -> u.emu_stop(), null);
            // the loop's registers: r1 counter, r7 limit, r8 the magic for x % 7, r4 the xorshift state
            uc.reg_write(ArmConst.UC_ARM_REG_R1, 0L);
            uc.reg_write(ArmConst.UC_ARM_REG_R7, (long) iterations);
            uc.reg_write(ArmConst.UC_ARM_REG_R8, 0x24924925L);
            uc.reg_write(ArmConst.UC_ARM_REG_R4, 0x92d68ca2L);
            long t0 = System.nanoTime();
            uc.emu_start(at | 1, 0xffffffffL, 0, 0);
            long t1 = System.nanoTime();
            long done = (Long) uc.reg_read(ArmConst.UC_ARM_REG_R1) & 0xffffffffL;
            if (done != iterations) {
                throw new IllegalStateException("loop ran " + done + " times, expected " + iterations);
            }
            return (t1 - t0) / (double) iterations;
        } finally {
            uc.closeAll();
        }
    }
}
