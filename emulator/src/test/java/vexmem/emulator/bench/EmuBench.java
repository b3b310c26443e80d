package vexmem.emulator.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vexmem.emulator.Emulator;
import vexmem.emulator.GuestScheduler;
import vexmem.emulator.Stdio;
import vexmem.emulator.TestKernels;
import vexmem.kernel.Kernel;

/**
 * Wall-clock comparison of vexmem against the bare engine and qemu-arm on the same static binaries.
 * Not a unit test. Run: {@code java -cp <test classpath> vexmem.emulator.bench.EmuBench [bin dir]}.
 */
public final class EmuBench {
    private EmuBench() {
    }

    public static void main(String[] a) throws Exception {
        Path bin = Path.of(a.length > 0 ? a[0] : "../guest-programs/bin");
        int reps = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        List<String> cpu = List.of("cpu_bench", "400");
        List<String> sys = List.of("syscall_bench", "3000000");
        warmup(bin);
        report("cpu_bench 400 rounds", bin, cpu, reps);
        report("syscall_bench 3M getppid", bin, sys, reps);
        if (!Boolean.getBoolean("bench.short")) {
            // The parts of cpu_bench on their own (startup included in each: compare ratios, not sums).
            report("  memset only (400 x 3 MiB)", bin, List.of("cpu_bench", "400", "0", "0"), reps);
            report("  integer only (1 x 8M)", bin, List.of("cpu_bench", "1", "8000000", "0"), reps);
            report("  VFP only (1 x 800k)", bin, List.of("cpu_bench", "1", "0", "800000"), reps);
            TbPageProbe.main(new String[] {bin.toString()});
        }
    }

    private static void warmup(Path bin) throws Exception {
        vexmem(bin, List.of("cpu_bench", "5"), false);
        vexmem(bin, List.of("syscall_bench", "200000"), false);
        bare(bin, List.of("syscall_bench", "200000"));
    }

    private static void report(String what, Path bin, List<String> argv, int reps) throws Exception {
        double v = Double.MAX_VALUE, vs = Double.MAX_VALUE, b = Double.MAX_VALUE, q = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            v = Math.min(v, vexmem(bin, argv, false));
            vs = Math.min(vs, vexmem(bin, argv, true));
            b = Math.min(b, bare(bin, argv));
            q = Math.min(q, qemu(bin, argv));
        }
        System.out.printf("%-26s vexmem %.3f s | vexmem sliced %.3f s | bare unicorn %.3f s | qemu-arm %s%n", what, v, vs, b,
                q == Double.MAX_VALUE || q < 0 ? "n/a" : String.format("%.3f s", q));
        System.out.printf("%-26s vexmem/bare %.2fx  sliced/bare %.2fx  vexmem/qemu %s%n", "", v / b, vs / b,
                q > 0 && q != Double.MAX_VALUE ? String.format("%.2fx", v / q) : "n/a");
    }

    static double vexmem(Path bin, List<String> argv, boolean sliced) {
        try (Kernel k = TestKernels.boot()) {
            Emulator emu = new Emulator(k);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            emu.spawn(bin.resolve(argv.get(0)), argv, Stdio.of(out, System.err));
            GuestScheduler.forceSlicing = sliced;
            long t0 = System.nanoTime();
            int st = emu.runAll().status();
            long t1 = System.nanoTime();
            GuestScheduler.forceSlicing = false;
            check(st, out, "vexmem");
            return (t1 - t0) / 1e9;
        }
    }

    static double bare(Path bin, List<String> argv) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int st = new BareRunner(out).run(bin.resolve(argv.get(0)), argv);
        long t1 = System.nanoTime();
        check(st, out, "bare");
        return (t1 - t0) / 1e9;
    }

    static double qemu(Path bin, List<String> argv) throws Exception {
        String q = findOnPath("qemu-arm");
        if (q == null) {
            return -1;
        }
        List<String> cmd = new ArrayList<>(List.of(q, bin.resolve(argv.get(0)).toString()));
        cmd.addAll(argv.subList(1, argv.size()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] o = p.getInputStream().readAllBytes();
        int st = p.waitFor();
        long t1 = System.nanoTime();
        if (st != 0) {
            throw new IllegalStateException("qemu-arm failed: " + new String(o, StandardCharsets.UTF_8));
        }
        return (t1 - t0) / 1e9;
    }

    private static void check(int st, ByteArrayOutputStream out, String who) {
        if (st != 0) {
            throw new IllegalStateException(who + " exited " + st + ": " + out);
        }
    }

    private static String findOnPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
