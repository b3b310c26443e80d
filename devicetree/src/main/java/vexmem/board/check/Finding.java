package vexmem.board.check;

/** One problem found in a tree: which rule, where (node path) and what, in one line. */
public record Finding(Severity severity, String ruleId, String path, String message) {
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** "error   reserved-overlap   /reserved-memory/a@0   message" */
    public String format() {
        return String.format("%-7s %-22s %s   %s", severity.label(), ruleId, path, message);
    }
}
