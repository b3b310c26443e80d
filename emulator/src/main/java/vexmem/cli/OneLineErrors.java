package vexmem.cli;

import picocli.CommandLine;

/**
 * Turns every failure that reaches the top into one line on stderr: bad arguments exit 2 with the
 * usage hint; an unexpected exception exits 2 as "vexmem: internal error: ..." without a stack trace
 * (set VEXMEM_DEBUG=1 to see it).
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult pr) {
        if (ex instanceof UserError ue) {
            cl.getErr().println("vexmem: " + ue.getMessage());
            return ue.exitCode();
        }
        cl.getErr().println("vexmem: internal error: " + ex);
        if (System.getenv("VEXMEM_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        }
        return USAGE;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("vexmem: " + ex.getMessage());
        cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        return USAGE;
    }
}
