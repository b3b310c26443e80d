package vexmem.board.check;

import java.util.Locale;

/** ERROR: the kernel would reject or misuse the setting; WARNING: legal but probably unintended. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
