package vexmem.kernel.fs;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/** generic_file_llseek for files with a known size. */
public final class Seek {
    public static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

    private Seek() {
    }

    public static long generic(File file, long offset, int whence, long size) {
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> file.pos;
            case SEEK_END -> size;
            default -> throw new KernelError(Errno.EINVAL);
        };
        long pos = base + offset;
        if (pos < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        file.pos = pos;
        return pos;
    }
}
