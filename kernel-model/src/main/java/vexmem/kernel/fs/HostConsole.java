package vexmem.kernel.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;

/**
 * A guest's stdin/stdout/stderr backed by host Java streams. What fstat reports depends on what the
 * host stream really is (a terminal, a pipe, a file), which only the caller knows: glibc picks line
 * or full buffering from it.
 */
public final class HostConsole implements FileOperations {
    public enum Kind {
        TTY(Inode.S_IFCHR | 0620, Inode.mkdev(136, 0)),
        PIPE(Inode.S_IFIFO | 0600, 0),
        FILE(Inode.S_IFREG | 0644, 0);

        final int mode;
        final int rdev;

        Kind(int mode, int rdev) {
            this.mode = mode;
            this.rdev = rdev;
        }
    }

    static final int TCGETS = 0x5401, TIOCGWINSZ = 0x5413;

    private final InputStream in;
    private final OutputStream out;
    private final Kind kind;

    public HostConsole(InputStream in, OutputStream out, Kind kind) {
        this.in = in;
        this.out = out;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** A file on this console; the inode gives fstat its type. */
    public File open(String path, int flags, vexmem.kernel.KernelObjects objects) {
        return new File(path, new Inode(kind.mode, kind.rdev, this), this, flags, objects);
    }

    @Override
    public long read(Task current, File file, long ubuf, long count) {
        if (in == null) {
            return 0;
        }
        byte[] b = new byte[(int) Math.min(count, 65536)];
        try {
            int n = in.read(b);
            if (n <= 0) {
                return 0;
            }
            current.mm().copyToUser(ubuf, b, 0, n);
            return n;
        } catch (IOException e) {
            throw new KernelError(Errno.EIO);
        }
    }

    @Override
    public long write(Task current, File file, long ubuf, long count) {
        if (out == null) {
            throw new KernelError(Errno.EIO);
        }
        byte[] b = current.mm().copyFromUser(ubuf, (int) Math.min(count, 1 << 20));
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            throw new KernelError(Errno.EIO);
        }
        return b.length;
    }

    @Override
    public long unlockedIoctl(Task current, File file, int cmd, long arg) {
        if (kind != Kind.TTY) {
            throw new KernelError(Errno.ENOTTY);
        }
        switch (cmd) {
            case TCGETS -> {
                byte[] termios = new byte[60];
                termios[0] = 0x00; // c_iflag
                termios[4] = 0x05; // c_oflag: OPOST|ONLCR
                termios[8] = (byte) 0xbf; // c_cflag: B38400|CS8|CREAD
                termios[12] = 0x3b; // c_lflag: ISIG|ICANON|ECHO|ECHOE
                current.mm().copyToUser(arg, termios);
                return 0;
            }
            case TIOCGWINSZ -> {
                current.mm().copyToUser(arg, new byte[] {24, 0, 80, 0, 0, 0, 0, 0});
                return 0;
            }
            default -> throw new KernelError(Errno.ENOTTY);
        }
    }
}
