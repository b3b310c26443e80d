package vexmem.kernel.fs;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.KernelObjects;
import vexmem.kernel.task.SigState;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WaitQueue;
import vexmem.kernel.task.WouldBlock;

/**
 * A pipe (fs/pipe.c): a 64 KiB ring shared by a read end and a write end. Blocking checks happen
 * before anything is copied, so a {@link WouldBlock} leaves the pipe untouched. Writing with no
 * reader gives EPIPE and sends the writer SIGPIPE.
 */
public final class Pipe {
    public static final int PIPE_BUF_SIZE = 65536;
    /** Writes up to PIPE_BUF bytes are atomic. */
    public static final int PIPE_BUF = 4096;

    private final byte[] ring = new byte[PIPE_BUF_SIZE];
    private int head;
    private int len;
    private int readers = 1;
    private int writers = 1;
    private final WaitQueue wait = new WaitQueue();
    private final Inode inode = new Inode(Inode.S_IFIFO | 0600, 0, null);

    /** Creates both ends: [0] read, [1] write. {@code flags} may carry O_NONBLOCK. */
    public static File[] create(KernelObjects objects, int flags) {
        Pipe p = new Pipe();
        String name = "pipe:[" + p.inode.ino + "]";
        int nb = flags & OpenFlags.O_NONBLOCK;
        File r = new File(name, p.inode, p.new ReadEnd(), OpenFlags.O_RDONLY | nb, objects);
        File w = new File(name, p.inode, p.new WriteEnd(), OpenFlags.O_WRONLY | nb, objects);
        return new File[] {r, w};
    }

    private static boolean nonblock(File f) {
        return (f.flags() & OpenFlags.O_NONBLOCK) != 0;
    }

    /** pipe_ioctl: FIONREAD on either end gives the bytes in the pipe. */
    private long ioctl(Task current, int cmd, long arg) {
        if (cmd != FileOperations.FIONREAD) {
            throw new KernelError(Errno.ENOTTY);
        }
        int n;
        synchronized (this) {
            n = len;
        }
        current.mm().putUserInt(arg, n);
        return 0;
    }

    private final class ReadEnd implements FileOperations {
        @Override
        public long unlockedIoctl(Task current, File file, int cmd, long arg) {
            return ioctl(current, cmd, arg);
        }

        @Override
        public long read(Task current, File file, long ubuf, long count) {
            byte[] out;
            synchronized (Pipe.this) {
                if (count == 0) {
                    return 0;
                }
                if (len == 0) {
                    if (writers == 0) {
                        return 0;
                    }
                    if (nonblock(file)) {
                        throw new KernelError(Errno.EAGAIN);
                    }
                    throw WouldBlock.on(wait);
                }
                int n = (int) Math.min(count, len);
                out = new byte[n];
                for (int i = 0; i < n; i++) {
                    out[i] = ring[(head + i) % PIPE_BUF_SIZE];
                }
                current.mm().copyToUser(ubuf, out);
                head = (head + n) % PIPE_BUF_SIZE;
                len -= n;
            }
            wait.wakeUp();
            return out.length;
        }

        @Override
        public int poll(Task current, File file) {
            synchronized (Pipe.this) {
                return (len > 0 ? Poll.POLLIN : 0) | (writers == 0 ? Poll.POLLHUP : 0);
            }
        }

        @Override
        public WaitQueue waitQueue(File file) {
            return wait;
        }

        @Override
        public void release(File file) {
            synchronized (Pipe.this) {
                readers--;
            }
            wait.wakeUp();
        }
    }

    private final class WriteEnd implements FileOperations {
        @Override
        public long unlockedIoctl(Task current, File file, int cmd, long arg) {
            return ioctl(current, cmd, arg);
        }

        @Override
        public long write(Task current, File file, long ubuf, long count) {
            try {
                return transfer(current, file, ubuf, count);
            } catch (KernelError e) {
                throw SigState.sigpipeOn(current, e);
            }
        }

        private long transfer(Task current, File file, long ubuf, long count) {
            int n;
            synchronized (Pipe.this) {
                if (readers == 0) {
                    throw new KernelError(Errno.EPIPE);
                }
                if (count == 0) {
                    return 0;
                }
                int room = PIPE_BUF_SIZE - len;
                // Small writes wait for room for all of it (atomicity); big ones take what fits.
                boolean fits = count <= PIPE_BUF ? room >= count : room > 0;
                if (!fits) {
                    if (nonblock(file)) {
                        throw new KernelError(Errno.EAGAIN);
                    }
                    throw WouldBlock.on(wait);
                }
                n = (int) Math.min(count, room);
                byte[] in = current.mm().copyFromUser(ubuf, n);
                for (int i = 0; i < n; i++) {
                    ring[(head + len + i) % PIPE_BUF_SIZE] = in[i];
                }
                len += n;
            }
            wait.wakeUp();
            return n;
        }

        @Override
        public int poll(Task current, File file) {
            synchronized (Pipe.this) {
                return (len < PIPE_BUF_SIZE ? Poll.POLLOUT : 0) | (readers == 0 ? Poll.POLLERR : 0);
            }
        }

        @Override
        public WaitQueue waitQueue(File file) {
            return wait;
        }

        @Override
        public void release(File file) {
            synchronized (Pipe.this) {
                writers--;
            }
            wait.wakeUp();
        }
    }
}
