package vexmem.kernel.fs;

/**
 * The file system entry a bind() of an AF_UNIX socket leaves behind. It refers to the bound socket
 * while that socket lives; open() on it fails with ENXIO as on Linux.
 */
public final class SocketInode extends Inode {
    /** The bound socket (a vexmem.kernel.net.UnixSocket), null once it was closed. */
    public volatile Object socket;

    public SocketInode(int perm, Object socket) {
        super(S_IFSOCK | (perm & 07777), 0, null);
        this.socket = socket;
    }
}
