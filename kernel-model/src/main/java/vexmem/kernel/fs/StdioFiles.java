package vexmem.kernel.fs;

import java.io.InputStream;
import java.io.OutputStream;
import vexmem.kernel.task.Task;

/** Installs fds 0, 1, 2 of a new task on host streams (what the shell's redirections would give). */
public final class StdioFiles {
    private StdioFiles() {
    }

    public static void install(Task task, InputStream in, OutputStream out, OutputStream err, HostConsole.Kind kind) {
        var objs = task.kernel().objects();
        String name = kind == HostConsole.Kind.TTY ? "/dev/console" : kind == HostConsole.Kind.PIPE ? "pipe:[stdio]" : "/stdio";
        task.files().installAt(0, new HostConsole(in, null, kind).open(name, OpenFlags.O_RDONLY, objs), false);
        task.files().installAt(1, new HostConsole(null, out, kind).open(name, OpenFlags.O_WRONLY, objs), false);
        task.files().installAt(2, new HostConsole(null, err, kind).open(name, OpenFlags.O_WRONLY, objs), false);
    }
}
