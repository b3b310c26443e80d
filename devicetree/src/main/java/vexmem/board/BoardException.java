package vexmem.board;

/** The tree cannot be turned into a usable {@link Board}; the message is one line naming file and node. */
public class BoardException extends Exception {
    public BoardException(String message) {
        super(message);
    }
}
