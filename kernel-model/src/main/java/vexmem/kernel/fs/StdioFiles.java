package vexmem.kernel.fs;

import java.io.InputStream;
import java.io.OutputStream;
import vexmem.kernel.task.Task;

/** Installs fds 0, 1, 2 of a new task on host streams (what the shell's redirections would give). */
public final class StdioFiles {
    private StdioFiles() {
    }

    public static void install(Task task, InputStream in, OutputStream out, OutputStream err, HostConsole.Kind kind) {
        install(task, in, out, err, new HostConsole.Kind[] {kind, kind, kind});
    }

    /** As above with a kind per stream (e.g. stdin a terminal, stdout a pipe). */
    public static void install(Task task, InputStream in, OutputStream out, OutputStream err, HostConsole.Kind[] kinds) {
        var objs = task.kernel().objects();
        task.files().installAt(0, new HostConsole(in, null, kinds[0]).open(name(kinds[0]), OpenFlags.O_RDONLY, objs), false);
        task.files().installAt(1, new HostConsole(null, out, kinds[1]).open(name(kinds[1]), OpenFlags.O_WRONLY, objs), false);
        task.files().installAt(2, new HostConsole(null, err, kinds[2]).open(name(kinds[2]), OpenFlags.O_WRONLY, objs), false);
    }

    private static String name(HostConsole.Kind kind) {
        return switch (kind) {
            case TTY -> "/dev/console";
            case PIPE -> "pipe:[stdio]";
            case FILE -> "/stdio";
        };
    }
}
