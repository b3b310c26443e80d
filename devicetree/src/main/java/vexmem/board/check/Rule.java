package vexmem.board.check;

import java.util.List;
import vexmem.board.BoardAnalysis;

/** A named check with a fixed severity and a one-line explanation of why it matters. */
public abstract class Rule {
    private final String id;
    private final Severity severity;
    private final String explanation;

    protected Rule(String id, Severity severity, String explanation) {
        this.id = id;
        this.severity = severity;
        this.explanation = explanation;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String explanation() {
        return explanation;
    }

    public abstract List<Finding> check(BoardAnalysis board);

    protected Finding finding(String path, String message) {
        return new Finding(severity, id, path, message);
    }
}
