package vexmem.kernel.user;

import vexmem.kernel.Errno;

/** A failed libc call (what errno holds after a -1 return), thrown by the convenience wrappers. */
public final class LibcError extends RuntimeException {
    private final int errno;

    public LibcError(int errno, String call) {
        super(call + ": " + Errno.name(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
