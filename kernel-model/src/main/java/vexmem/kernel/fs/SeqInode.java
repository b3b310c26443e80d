package vexmem.kernel.fs;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;

/**
 * A generated file (seq_file with single_open): the text is rendered once at open, so one reader sees
 * a consistent snapshot however it splits its reads. An optional store handler receives writes.
 */
public final class SeqInode extends Inode {
    final Function<Task, String> show;
    final Consumer<String> store;

    public SeqInode(int perm, Function<Task, String> show, Consumer<String> store) {
        super(S_IFREG | (perm & 07777), 0, Ops.INSTANCE);
        this.show = show;
        this.store = store;
    }

    static final class Ops implements FileOperations {
        static final Ops INSTANCE = new Ops();

        @Override
        public void open(Task current, File file) {
            SeqInode s = (SeqInode) file.inode;
            if (file.canWrite() && s.store == null) {
                throw new KernelError(Errno.EACCES);
            }
            file.privateData = file.canRead() ? s.show.apply(current).getBytes(StandardCharsets.UTF_8) : new byte[0];
        }

        @Override
        public long read(Task current, File file, long ubuf, long count) {
            byte[] text = (byte[]) file.privateData;
            if (file.pos >= text.length) {
                return 0;
            }
            int n = (int) Math.min(count, text.length - file.pos);
            current.mm().copyToUser(ubuf, text, (int) file.pos, n);
            file.pos += n;
            return n;
        }

        @Override
        public long write(Task current, File file, long ubuf, long count) {
            SeqInode s = (SeqInode) file.inode;
            if (s.store == null) {
                throw new KernelError(Errno.EINVAL);
            }
            byte[] b = current.mm().copyFromUser(ubuf, (int) Math.min(count, 1 << 16));
            s.store.accept(new String(b, StandardCharsets.UTF_8));
            return b.length;
        }

        @Override
        public long llseek(Task current, File file, long offset, int whence) {
            return Seek.generic(file, offset, whence, ((byte[]) file.privateData).length);
        }
    }
}
