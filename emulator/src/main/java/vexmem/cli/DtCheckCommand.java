package vexmem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vexmem.board.check.DtChecker;
import vexmem.board.check.Finding;
import vexmem.board.check.Rule;
import vexmem.devicetree.DeviceTree;

/** {@code vexmem dt check FILE}: one line per finding; exit 0 clean or warnings only, 1 errors, 2 bad input. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a device tree against the reserved-memory, CMA and ION rules.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:no errors (warnings allowed)", "1:at least one error", "2:unreadable or malformed input"})
public final class DtCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "board file (.json, .dts or .dtb)")
    Path file;

    @Option(names = "--list-rules", description = "list the rules with their severity and explanation, then exit")
    boolean listRules;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (listRules) {
            for (Rule r : DtChecker.rules()) {
                out.printf("%-7s %-22s %s%n", r.severity().label(), r.id(), r.explanation());
            }
            out.flush();
            return 0;
        }
        if (file == null) {
            err.println("vexmem: dt check: missing FILE");
            err.flush();
            return 2;
        }
        DeviceTree tree = TreeFiles.load(file, err);
        if (tree == null) {
            return TreeFiles.EXIT_BAD_INPUT;
        }
        List<Finding> findings = DtChecker.check(tree);
        findings.forEach(f -> out.println(f.format()));
        long errors = findings.stream().filter(Finding::isError).count();
        err.printf("%s: %d error(s), %d warning(s)%n", file, errors, findings.size() - errors);
        out.flush();
        err.flush();
        return errors > 0 ? 1 : 0;
    }
}
