package vexmem.kernel.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;

/**
 * A regular host file in a mounted host directory ({@link HostFs}). Each open file holds a FileChannel
 * (read, write or both as the open flags say); read/write/lseek/pread/pwrite/ftruncate go to the host.
 */
public final class HostFileInode extends Inode {
    /** At most this much is moved per read/write call (short reads/writes are allowed). */
    static final int MAX_IO = 1 << 20;

    private final HostFs fs;
    private final Path path;

    HostFileInode(HostFs fs, Path path, int perm) {
        super(S_IFREG | (perm & 07777), 0, Ops.INSTANCE);
        this.fs = fs;
        this.path = path;
    }

    public Path hostPath() {
        return path;
    }

    @Override
    public long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    /** truncate(2)/O_TRUNC. */
    public void truncate(long len) {
        if (len < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
            if (len <= c.size()) {
                c.truncate(len);
            } else {
                c.write(ByteBuffer.allocate(1), len - 1);
            }
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    public String toString() {
        return "host:" + path;
    }

    static final class Ops implements FileOperations {
        static final Ops INSTANCE = new Ops();

        private static FileChannel ch(File f) {
            return (FileChannel) f.privateData;
        }

        @Override
        public void open(Task current, File file) {
            HostFileInode h = (HostFileInode) file.inode;
            try {
                if (file.canRead() && file.canWrite()) {
                    file.privateData = FileChannel.open(h.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } else if (file.canWrite()) {
                    file.privateData = FileChannel.open(h.path, StandardOpenOption.WRITE);
                } else {
                    file.privateData = FileChannel.open(h.path, StandardOpenOption.READ);
                }
            } catch (IOException e) {
                throw HostFs.errno(e);
            }
        }

        @Override
        public void release(File file) {
            try {
                ch(file).close();
            } catch (IOException e) {
                // nothing the guest can be told at the last close
            }
        }

        @Override
        public long read(Task current, File file, long ubuf, long count) {
            if (!file.canRead()) {
                throw new KernelError(Errno.EBADF);
            }
            int n = (int) Math.min(Math.max(count, 0), MAX_IO);
            ByteBuffer b = ByteBuffer.allocate(n);
            int got;
            try {
                got = Math.max(0, ch(file).read(b, file.pos));
            } catch (IOException e) {
                throw HostFs.errno(e);
            }
            current.mm().copyToUser(ubuf, b.array(), 0, got);
            file.pos += got;
            return got;
        }

        @Override
        public long write(Task current, File file, long ubuf, long count) {
            if (!file.canWrite()) {
                throw new KernelError(Errno.EBADF);
            }
            int n = (int) Math.min(Math.max(count, 0), MAX_IO);
            byte[] data = current.mm().copyFromUser(ubuf, n);
            try {
                FileChannel c = ch(file);
                if ((file.flags() & OpenFlags.O_APPEND) != 0) {
                    file.pos = c.size();
                }
                ByteBuffer b = ByteBuffer.wrap(data);
                long at = file.pos;
                while (b.hasRemaining()) {
                    at += c.write(b, at);
                }
            } catch (IOException e) {
                throw HostFs.errno(e);
            }
            file.pos += n;
            return n;
        }

        @Override
        public long llseek(Task current, File file, long offset, int whence) {
            return Seek.generic(file, offset, whence, file.inode.size());
        }
    }
}
