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
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.io.DeviceTrees;

/** {@code vexmem dt convert FILE --to json|dts|dtb -o OUT}. */
@Command(name = "convert", mixinStandardHelpOptions = true, description = "Convert a device tree between JSON, DTS and DTB.")
public final class DtConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "input (.json, .dts or .dtb)")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "output format: ${COMPLETION-CANDIDATES}",
            converter = FormatConverter.class, completionCandidates = FormatConverter.Names.class)
    DeviceTrees.Format to;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "output file")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DeviceTree tree = TreeFiles.load(file, err);
        if (tree == null) {
            return TreeFiles.EXIT_BAD_INPUT;
        }
        try {
            Files.write(output, DeviceTrees.write(tree, to));
        } catch (IOException e) {
            err.println("vexmem: " + output + ": cannot write: " + e.getMessage());
            err.flush();
            return 2;
        }
        return 0;
    }

    /** Accepts json/dts/dtb in any case. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<DeviceTrees.Format> {
        @Override
        public DeviceTrees.Format convert(String value) {
            try {
                return DeviceTrees.Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected json, dts or dtb, not '" + value + "'");
            }
        }

        /** Lower-case names for the help text. */
        static final class Names extends java.util.ArrayList<String> {
            Names() {
                super(java.util.List.of("json", "dts", "dtb"));
            }
        }
    }
}
