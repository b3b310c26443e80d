package vexmem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vexmem.board.Board;
import vexmem.board.BoardBuilder;
import vexmem.board.BoardException;
import vexmem.board.DeviceSpec;
import vexmem.board.DramBank;
import vexmem.board.IonHeapSpec;
import vexmem.board.PhysMap;
import vexmem.board.ReservedRegion;
import vexmem.devicetree.DeviceTree;

/** {@code vexmem board [--board FILE]}: the board as the kernel model will see it. */
@Command(name = "board", mixinStandardHelpOptions = true,
        description = "Show the board: model, DRAM banks, reserved regions, ION heaps and devices.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:board is usable", "1:the tree has check errors", "2:unreadable or malformed input"})
public final class BoardCommand implements Callable<Integer> {
    /** The default board, relative to the install directory. */
    public static final String DEFAULT_BOARD = "boards/vexpress-a9.json";
    private static final String[] TYPE_NAMES = {"system", "system_contig", "carveout", "chunk", "dma"};

    @Spec
    CommandSpec spec;

    @Option(names = "--board", paramLabel = "FILE",
            description = "board file (.json, .dts, .dtb); default ${vexmem.home:-.}/" + DEFAULT_BOARD)
    Path board;

    /** The install directory: system property vexmem.home, else the current directory. */
    static Path defaultBoard() {
        return Path.of(System.getProperty("vexmem.home", ".")).resolve(DEFAULT_BOARD).normalize();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = board != null ? board : defaultBoard();
        DeviceTree tree = TreeFiles.load(file, err);
        if (tree == null) {
            return TreeFiles.EXIT_BAD_INPUT;
        }
        Board b;
        try {
            b = BoardBuilder.build(tree);
        } catch (BoardException e) {
            err.println("vexmem: " + e.getMessage());
            err.flush();
            return 1;
        }
        print(b, file, out);
        printKernelView(b, out);
        out.flush();
        return 0;
    }

    static void print(Board b, Path file, PrintWriter out) {
        out.printf("model   %s   (%s)%n", b.model(), file);
        out.printf("DRAM    %s total%n", PhysMap.humanSize(b.dramSize()));
        for (DramBank d : b.banks()) {
            out.printf("  %s  %-8s  %s%n", range(d.base(), d.size()), PhysMap.humanSize(d.size()), d.nodePath());
        }
        out.println("reserved-memory");
        for (ReservedRegion r : b.reserved()) {
            String flags = (r.dynamic() ? "dynamic" : "static") + (r.cmaDefault() ? ", default" : "");
            out.printf("  %s  %-8s  %-12s %-17s %s%n", range(r.base(), r.size()), PhysMap.humanSize(r.size()),
                    r.kind().name().toLowerCase(java.util.Locale.ROOT), flags, r.path());
        }
        out.println("ION heaps");
        for (IonHeapSpec h : b.ionHeaps()) {
            StringBuilder extra = new StringBuilder();
            if (h.chunkSize() > 0) {
                extra.append("  chunk ").append(PhysMap.humanSize(h.chunkSize()));
            }
            if (h.allowCached()) {
                extra.append("  accepts ION_FLAG_CACHED");
            }
            out.printf("  id %-2d %-14s %-14s %s%s%n", h.id(), TYPE_NAMES[h.type()], h.name(),
                    h.regionPath() == null ? "-" : h.regionPath(), extra);
        }
        out.println("devices");
        for (DeviceSpec d : b.devices()) {
            out.printf("  %-58s %s%s%n", d.path(), String.join(", ", d.compatible()),
                    d.memoryRegionPaths().isEmpty() ? "" : "  memory-region " + String.join(", ", d.memoryRegionPaths()));
        }
    }

    /** Boots the kernel model on the board and lists what it made of it, then shuts it down. */
    static void printKernelView(Board b, PrintWriter out) {
        vexmem.kernel.Kernel k = vexmem.kernel.Kernel.boot(b, vexmem.kernel.KernelOptions.DEFAULT);
        try {
            out.println();
            out.println("booted kernel model (" + k.options().generation() + "):");
            out.println("/proc/iomem");
            vexmem.kernel.inspect.Inspect.iomem(k).lines().forEach(l -> out.println("  " + l));
            out.println("/proc/meminfo");
            vexmem.kernel.inspect.Inspect.meminfo(k).lines().forEach(l -> out.println("  " + l));
            out.println("heaps");
            vexmem.kernel.inspect.Inspect.heaps(k).forEach(l -> out.println("  " + l));
            out.println("device nodes");
            vexmem.kernel.inspect.Inspect.devices(k).forEach(l -> out.println("  " + l));
            out.println("modules (drivers bound at boot)");
            vexmem.kernel.inspect.Inspect.modules(k).forEach(l -> out.println("  " + l));
        } finally {
            k.shutdown();
            k.close();
        }
    }

    private static String range(long base, long size) {
        return String.format("%08x-%08x", base, base + size - 1);
    }
}
