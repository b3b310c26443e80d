package vexmem.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vexmem.board.BoardAnalysis;
import vexmem.board.MapSvg;
import vexmem.board.PhysMap;
import vexmem.devicetree.DeviceTree;

/** {@code vexmem dt map FILE [--svg OUT]}: the resolved physical map, as text and optionally as SVG. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Print the resolved physical address map (/proc/iomem style); optionally draw it as SVG.")
public final class DtMapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "board file (.json, .dts or .dtb)")
    Path file;

    @Option(names = "--svg", paramLabel = "OUT", description = "also write an SVG drawing of the map to OUT")
    Path svg;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeviceTree tree = TreeFiles.load(file, err);
        if (tree == null) {
            return TreeFiles.EXIT_BAD_INPUT;
        }
        BoardAnalysis analysis = BoardAnalysis.of(tree);
        PhysMap map = PhysMap.of(analysis);
        out.print(map.render());
        out.flush();
        if (svg != null) {
            try {
                Files.writeString(svg, MapSvg.render(map, analysis.model() + " physical memory map (" + file.getFileName() + ")"));
            } catch (IOException e) {
                err.println("vexmem: " + svg + ": cannot write: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        return 0;
    }
}
