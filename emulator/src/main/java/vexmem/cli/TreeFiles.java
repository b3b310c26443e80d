package vexmem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import vexmem.devicetree.DeviceTree;
import vexmem.devicetree.DtParseException;
import vexmem.devicetree.io.DeviceTrees;

/** Loads a tree for a command, turning every failure into the one-line "vexmem: FILE: ..." message. */
final class TreeFiles {
    /** Exit code for unreadable or malformed input. */
    static final int EXIT_BAD_INPUT = 2;

    private TreeFiles() { }

    /** The tree, or null after printing the message to err. */
    static DeviceTree load(Path file, PrintWriter err) {
        try {
            return DeviceTrees.read(file);
        } catch (DtParseException e) {
            err.println("vexmem: " + e.getMessage());
        } catch (RuntimeException e) {
            // A reader bug must still not show a stack trace to the user.
            err.println("vexmem: " + file + ": internal error while reading: " + e);
        }
        err.flush();
        return null;
    }
}
