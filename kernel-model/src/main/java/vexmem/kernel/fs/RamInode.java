package vexmem.kernel.fs;

import java.util.Arrays;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;

/** A regular file whose bytes live in the Java heap (tmpfs/ramfs): read, write, lseek, truncate. */
public final class RamInode extends Inode {
    /** Keep files small: this is a board model, not a disk (tmpfs would give ENOSPC too). */
    static final int MAX_SIZE = 64 << 20;

    private byte[] data = new byte[0];
    private int size;

    public RamInode(int perm) {
        super(S_IFREG | (perm & 07777), 0, Ops.INSTANCE);
    }

    @Override
    public synchronized long size() {
        return size;
    }

    public synchronized void truncate(long len) {
        if (len < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (len > MAX_SIZE) {
            throw new KernelError(Errno.EFBIG);
        }
        ensure((int) len);
        if (len < size) {
            Arrays.fill(data, (int) len, size, (byte) 0);
        }
        size = (int) len;
    }

    private void ensure(int cap) {
        if (cap > data.length) {
            data = Arrays.copyOf(data, Math.max(cap, data.length * 2));
        }
    }

    synchronized byte[] read(long pos, int count) {
        if (pos >= size) {
            return new byte[0];
        }
        int n = (int) Math.min(count, size - pos);
        return Arrays.copyOfRange(data, (int) pos, (int) pos + n);
    }

    synchronized void write(long pos, byte[] b) {
        if (pos + b.length > MAX_SIZE) {
            throw new KernelError(Errno.EFBIG);
        }
        ensure((int) pos + b.length);
        System.arraycopy(b, 0, data, (int) pos, b.length);
        size = Math.max(size, (int) pos + b.length);
    }

    /** Java-side content (tests, the ELF loader reading a file). */
    public synchronized byte[] contents() {
        return Arrays.copyOf(data, size);
    }

    static final class Ops implements FileOperations {
        static final Ops INSTANCE = new Ops();

        private static RamInode ram(File f) {
            return (RamInode) f.inode;
        }

        @Override
        public long read(Task current, File file, long ubuf, long count) {
            byte[] b = ram(file).read(file.pos, (int) Math.min(count, Integer.MAX_VALUE));
            current.mm().copyToUser(ubuf, b);
            file.pos += b.length;
            return b.length;
        }

        @Override
        public long write(Task current, File file, long ubuf, long count) {
            byte[] b = current.mm().copyFromUser(ubuf, (int) Math.min(count, MAX_SIZE));
            RamInode r = ram(file);
            synchronized (r) {
                if ((file.flags() & OpenFlags.O_APPEND) != 0) {
                    file.pos = r.size();
                }
                r.write(file.pos, b);
            }
            file.pos += b.length;
            return b.length;
        }

        @Override
        public long llseek(Task current, File file, long offset, int whence) {
            return Seek.generic(file, offset, whence, ram(file).size());
        }
    }
}
