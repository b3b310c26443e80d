package vexmem.kernel.net;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.fs.OpenFlags;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WaitQueue;

/** socket_file_ops: read/write are recv/send without ancillary data; release closes the socket. */
final class SocketOps implements FileOperations {
    static final SocketOps INSTANCE = new SocketOps();

    private static boolean nonblock(File f) {
        return (f.flags() & OpenFlags.O_NONBLOCK) != 0;
    }

    @Override
    public long read(Task current, File file, long ubuf, long count) {
        UnixSocket s = UnixSocket.of(file);
        UnixSocket.Received r = s.recv((int) Math.min(count, Integer.MAX_VALUE), 0, nonblock(file));
        for (File f : r.rights()) {
            f.put();
        }
        current.mm().copyToUser(ubuf, r.data());
        return r.data().length;
    }

    @Override
    public long write(Task current, File file, long ubuf, long count) {
        byte[] data = current.mm().copyFromUser(ubuf, (int) Math.min(count, UnixSocket.SNDBUF));
        return UnixSocket.of(file).send(current, data, null, null, nonblock(file), 0);
    }

    @Override
    public long unlockedIoctl(Task current, File file, int cmd, long arg) {
        if (cmd != FileOperations.FIONREAD) {
            throw new KernelError(Errno.ENOTTY); // unix_ioctl: SIOCOUTQ is not modelled
        }
        current.mm().putUserInt(arg, UnixSocket.of(file).inqLen());
        return 0;
    }

    @Override
    public int poll(Task current, File file) {
        return UnixSocket.of(file).poll();
    }

    @Override
    public WaitQueue waitQueue(File file) {
        return UnixSocket.of(file).waitQueue();
    }

    @Override
    public void release(File file) {
        UnixSocket.of(file).release();
    }
}
