package vexmem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vexmem dt}: device-tree tools (check, map, convert). */
@Command(name = "dt", mixinStandardHelpOptions = true,
        description = "Check, map and convert device trees (.json, .dts, .dtb).",
        subcommands = {DtCheckCommand.class, DtMapCommand.class, DtConvertCommand.class})
public final class DtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
