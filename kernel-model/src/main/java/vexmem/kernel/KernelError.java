package vexmem.kernel;

/**
 * A kernel function failing with an errno, the Java form of returning {@code -errno}. The system-call
 * layer turns it into the raw negative value user space sees. Unchecked because, as in the kernel,
 * almost every path can fail and callers propagate rather than handle.
 */
public final class KernelError extends RuntimeException {
    private final int errno;

    public KernelError(int errno) {
        this(errno, null);
    }

    public KernelError(int errno, String why) {
        super(why == null ? Errno.name(errno) : Errno.name(errno) + ": " + why, null, false, false);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** Throws {@code new KernelError(errno)} when {@code cond} holds. */
    public static void check(boolean failIf, int errno) {
        if (failIf) {
            throw new KernelError(errno);
        }
    }
}
