package vexmem.devicetree;

/**
 * Unreadable or malformed device-tree input. The message is one line that names the file and the
 * position (JSON path, blob offset or dtc's line:column), suitable to print as is.
 */
public class DtParseException extends Exception {
    public DtParseException(String message) {
        super(message);
    }

    public DtParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
