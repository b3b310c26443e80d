package vexmem.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;

/**
 * For options written {@code --trace[=FILE]}: a value counts only when attached with '=', so
 * {@code --trace PROGRAM} traces to stderr and runs PROGRAM instead of writing the trace to it.
 */
final class AttachedValueOnly implements CommandLine.IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandLine.Model.CommandSpec spec,
                              CommandLine.Model.ArgSpec argSpec, Map<String, Object> info) {
        if (!"=".equals(info.get("separator"))) {
            args.push("-");
        }
        return false;
    }
}
