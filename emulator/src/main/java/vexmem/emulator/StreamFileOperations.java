package vexmem.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.task.Task;

/**
 * A minimal console for fds 0-2 until the VFS provides its own: reads from and writes to host streams,
 * copying through the task's address space like a tty driver's copy_from_user.
 */
public final class StreamFileOperations implements FileOperations {
    private final InputStream in;
    private final OutputStream out;

    public StreamFileOperations(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public long read(Task current, File file, long ubuf, long count) {
        if (in == null) {
            throw new KernelError(Errno.EINVAL);
        }
        try {
            byte[] b = new byte[(int) Math.min(count, 65536)];
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
            throw new KernelError(Errno.EINVAL);
        }
        int n = (int) Math.min(count, Integer.MAX_VALUE - 8);
        byte[] b = current.mm().copyFromUser(ubuf, n);
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            throw new KernelError(Errno.EIO);
        }
        return n;
    }
}
