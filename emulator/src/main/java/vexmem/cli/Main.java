package vexmem.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The vexmem command line: one subcommand per job, each with --help; exit codes as documented. */
@Command(name = "vexmem", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Emulator of the ARM Versatile Express memory subsystem: ION, dma-buf, DMA-BUF heaps, CMA.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, DtCommand.class, BoardCommand.class,
                FuzzCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(new OneLineErrors());
        shareVersion(cl, new Version());
        return cl;
    }

    /** Every subcommand's --version prints vexmem's version (picocli does not inherit the provider). */
    private static void shareVersion(CommandLine cl, Version v) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null && sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().versionProvider(v);
            }
            shareVersion(sub, v);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
