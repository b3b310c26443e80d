package vexmem.kernel.net;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.Inode;
import vexmem.kernel.fs.OpenFlags;
import vexmem.kernel.fs.Poll;
import vexmem.kernel.fs.SocketInode;
import vexmem.kernel.fs.Vfs;
import vexmem.kernel.task.SigState;
import vexmem.kernel.task.Task;
import vexmem.kernel.task.WaitQueue;
import vexmem.kernel.task.WouldBlock;

/**
 * An AF_UNIX socket (net/unix/af_unix.c) of type SOCK_STREAM, SOCK_SEQPACKET or SOCK_DGRAM.
 * Data and SCM_RIGHTS files travel as messages on the receiver's queue; files in flight hold a
 * reference until received or until the receiving socket is closed. Every path that may sleep
 * checks first and throws {@link WouldBlock} before changing anything. All sockets of a kernel
 * share one lock, so two-socket operations cannot deadlock.
 */
public final class UnixSocket {
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5;
    public static final int MSG_PEEK = 0x2, MSG_CTRUNC = 0x8, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40,
            MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    /** Default sk_sndbuf (net.core.wmem_default). */
    public static final int SNDBUF = 212992;
    /** SCM_MAX_FD. */
    public static final int SCM_MAX_FD = 253;

    enum State { UNCONNECTED, LISTENING, CONNECTED }

    /** One queued skb: data, the files it carries and who sent it (for recvfrom on datagrams). */
    static final class Message {
        final byte[] data;
        int off;
        List<File> rights;
        final UnixAddress from;

        Message(byte[] data, List<File> rights, UnixAddress from) {
            this.data = data;
            this.rights = rights;
            this.from = from;
        }
    }

    /** What recvmsg hands back. {@code fullLength} is the datagram size before truncation. */
    public record Received(byte[] data, List<File> rights, int fullLength, UnixAddress from) {
    }

    private final Kernel k;
    private final Object lock;
    final int type;
    final Inode inode = new Inode(Inode.S_IFSOCK | 0777, 0, null);
    final WaitQueue wait = new WaitQueue();
    State state = State.UNCONNECTED;
    UnixSocket peer;
    private final ArrayDeque<Message> recvq = new ArrayDeque<>();
    private int recvBytes;
    private final ArrayDeque<UnixSocket> backlog = new ArrayDeque<>();
    private int maxBacklog;
    UnixAddress addr;
    private SocketInode boundInode;
    /** True when this socket (not an accepted child sharing the address) owns an abstract name. */
    private boolean ownsAbstract;
    boolean shutRd;
    boolean shutWr;
    boolean peerGone;
    private int pendingErr;
    boolean closed;
    /** Credentials of the creator (SO_PEERCRED reports the peer's). */
    final int ownerPid;

    UnixSocket(Kernel k, int type, int ownerPid) {
        this.k = k;
        this.lock = UnixSockets.of(k).lock;
        this.type = type;
        this.ownerPid = ownerPid;
    }

    public int type() {
        return type;
    }

    public UnixAddress address() {
        synchronized (lock) {
            return addr;
        }
    }

    public UnixAddress peerAddress() {
        synchronized (lock) {
            if (peer == null || (type != SOCK_DGRAM && state != State.CONNECTED)) {
                throw new KernelError(Errno.ENOTCONN);
            }
            return peer.addr;
        }
    }

    public int peerPid() {
        synchronized (lock) {
            return peer == null ? 0 : peer.ownerPid;
        }
    }

    public boolean isListening() {
        synchronized (lock) {
            return state == State.LISTENING;
        }
    }

    // ---------------------------------------------------------------- setup

    /** socketpair: two sockets connected to each other. */
    static void pair(UnixSocket a, UnixSocket b) {
        a.peer = b;
        b.peer = a;
        a.state = State.CONNECTED;
        b.state = State.CONNECTED;
    }

    /** unix_autobind (bind with only sun_family): an abstract name; a socket with an address keeps it. */
    public void autobind() {
        synchronized (lock) {
            if (addr == null) {
                addr = new UnixAddress(UnixSockets.of(k).bindAutobind(this), true);
                ownsAbstract = true;
            }
        }
    }

    public void bind(Task current, UnixAddress a) {
        synchronized (lock) {
            if (addr != null) {
                throw new KernelError(Errno.EINVAL);
            }
            if (a.isAbstract()) {
                UnixSockets.of(k).bindAbstract(a.path(), this);
                ownsAbstract = true;
            } else {
                Vfs vfs = k.service(Vfs.class);
                Vfs.Parent p = vfs.resolveParent(current, a.path());
                if (p.dir().child(current, p.name()) != null) {
                    throw new KernelError(Errno.EADDRINUSE);
                }
                if (!p.dir().writable) {
                    throw new KernelError(Errno.EACCES);
                }
                SocketInode si = new SocketInode(0755, this);
                p.dir().put(p.name(), si);
                boundInode = si;
            }
            addr = a.isAbstract() ? a : new UnixAddress(a.path(), false);
        }
    }

    public void listen(int n) {
        synchronized (lock) {
            if (type == SOCK_DGRAM) {
                throw new KernelError(Errno.EOPNOTSUPP);
            }
            if (addr == null || state == State.CONNECTED) {
                throw new KernelError(Errno.EINVAL);
            }
            maxBacklog = Math.max(0, Math.min(n, 4096));
            state = State.LISTENING;
        }
        wait.wakeUp();
    }

    /** The socket bound at an address, or ENOENT / ECONNREFUSED as unix_find_other reports. */
    private UnixSocket findOther(Task current, UnixAddress a) {
        UnixSocket other;
        if (a.isAbstract()) {
            other = UnixSockets.of(k).findAbstract(a.path());
        } else {
            Inode n = k.service(Vfs.class).resolve(current, a.path(), true);
            if ((n.mode & Inode.S_IFMT) != Inode.S_IFSOCK) {
                throw new KernelError(Errno.ECONNREFUSED);
            }
            other = n instanceof SocketInode si ? (UnixSocket) si.socket : null;
        }
        if (other == null || other.closed) {
            throw new KernelError(Errno.ECONNREFUSED);
        }
        if (other.type != type) {
            throw new KernelError(Errno.EPROTOTYPE);
        }
        return other;
    }

    public void connect(Task current, UnixAddress a, boolean nonblock) {
        UnixSocket listener;
        synchronized (lock) {
            if (type == SOCK_DGRAM) {
                peer = findOther(current, a);
                return;
            }
            if (state == State.CONNECTED) {
                throw new KernelError(Errno.EISCONN);
            }
            if (state == State.LISTENING) {
                throw new KernelError(Errno.EINVAL);
            }
            listener = findOther(current, a);
            if (listener.state != State.LISTENING) {
                throw new KernelError(Errno.ECONNREFUSED);
            }
            if (listener.backlog.size() > listener.maxBacklog) {
                if (nonblock) {
                    throw new KernelError(Errno.EAGAIN);
                }
                throw WouldBlock.on(listener.wait);
            }
            // The server side is created now (the "embryo"), queued until accept picks it up.
            UnixSocket embryo = new UnixSocket(k, type, listener.ownerPid);
            embryo.addr = listener.addr;
            pair(this, embryo);
            listener.backlog.add(embryo);
        }
        listener.wait.wakeUp();
        wait.wakeUp();
    }

    /** Takes the next pending connection; EINVAL unless listening. */
    public UnixSocket accept(boolean nonblock) {
        UnixSocket s;
        synchronized (lock) {
            if (state != State.LISTENING) {
                throw new KernelError(Errno.EINVAL);
            }
            if (backlog.isEmpty()) {
                if (nonblock) {
                    throw new KernelError(Errno.EAGAIN);
                }
                throw WouldBlock.on(wait);
            }
            s = backlog.poll();
        }
        // A connect blocked on a full backlog may proceed now.
        wait.wakeUp();
        return s;
    }

    public void shutdown(int how) {
        UnixSocket p;
        synchronized (lock) {
            if (how < 0 || how > 2) {
                throw new KernelError(Errno.EINVAL);
            }
            if (state != State.CONNECTED && type != SOCK_DGRAM) {
                throw new KernelError(Errno.ENOTCONN);
            }
            if (how != 1) {
                shutRd = true;
            }
            if (how != 0) {
                shutWr = true;
            }
            p = peer;
        }
        wait.wakeUp();
        if (p != null) {
            p.wait.wakeUp();
        }
    }

    // ---------------------------------------------------------------- data

    /**
     * sendmsg: queues data (and files, which get a reference each) on the receiver. Returns the bytes
     * sent. {@code to} is the sendto address for datagrams, else null.
     */
    public int send(Task current, byte[] data, List<File> rights, UnixAddress to, boolean nonblock, int msgFlags) {
        try {
            return send(current, data, rights, to, nonblock);
        } catch (KernelError e) {
            // unix_stream_sendmsg: EPIPE comes with SIGPIPE unless MSG_NOSIGNAL (datagram kinds send none)
            throw type == SOCK_STREAM && (msgFlags & MSG_NOSIGNAL) == 0 ? SigState.sigpipeOn(current, e) : e;
        }
    }

    private int send(Task current, byte[] data, List<File> rights, UnixAddress to, boolean nonblock) {
        UnixSocket dst;
        int n = data.length;
        synchronized (lock) {
            if (rights != null && rights.size() > SCM_MAX_FD) {
                throw new KernelError(Errno.EINVAL);
            }
            if (type == SOCK_DGRAM) {
                dst = to != null ? findOther(current, to) : peer;
                if (dst == null) {
                    throw new KernelError(Errno.ENOTCONN);
                }
                if (dst.closed) {
                    throw new KernelError(Errno.ECONNREFUSED);
                }
                if (n > SNDBUF) {
                    throw new KernelError(Errno.EMSGSIZE);
                }
            } else {
                if (to != null && state != State.CONNECTED) {
                    throw new KernelError(Errno.EOPNOTSUPP);
                }
                if (state != State.CONNECTED) {
                    throw new KernelError(Errno.ENOTCONN);
                }
                dst = peer;
                if (shutWr || peerGone || dst.closed || dst.shutRd) {
                    throw new KernelError(Errno.EPIPE);
                }
                if (type == SOCK_SEQPACKET && n > SNDBUF) {
                    throw new KernelError(Errno.EMSGSIZE);
                }
            }
            int room = SNDBUF - dst.recvBytes;
            boolean fits = type == SOCK_STREAM ? room > 0 || n == 0 : room >= n || dst.recvBytes == 0;
            if (!fits) {
                if (nonblock) {
                    throw new KernelError(Errno.EAGAIN);
                }
                throw WouldBlock.on(dst.wait);
            }
            if (type == SOCK_STREAM && n > room) {
                n = room;
                data = UnixAddress.copy(data, n);
            }
            List<File> held = new ArrayList<>();
            if (rights != null) {
                for (File f : rights) {
                    held.add(f.get());
                }
            }
            dst.recvq.add(new Message(data, held, addr));
            dst.recvBytes += n;
        }
        dst.wait.wakeUp();
        return n;
    }

    /**
     * recvmsg: up to {@code max} bytes. Streams join consecutive messages but stop before one that
     * carries files (as unix_stream_read_generic stops at a new scm); packets return one message and
     * drop its excess. Files of a consumed message are handed to the caller, who must install or put
     * them. EOF (empty data, no files) when the peer is gone or shut down.
     */
    public Received recv(int max, int flags, boolean nonblock) {
        Received r;
        boolean peek = (flags & MSG_PEEK) != 0;
        UnixSocket p;
        synchronized (lock) {
            if (pendingErr != 0) {
                int e = pendingErr;
                pendingErr = 0;
                throw new KernelError(e);
            }
            if (recvq.isEmpty()) {
                if (type != SOCK_DGRAM && state != State.CONNECTED) {
                    throw new KernelError(type == SOCK_STREAM ? Errno.EINVAL : Errno.ENOTCONN);
                }
                boolean eof = shutRd || (type != SOCK_DGRAM && (peerGone || peer == null || peer.shutWr));
                if (eof) {
                    return new Received(new byte[0], List.of(), 0, null);
                }
                if (nonblock) {
                    throw new KernelError(Errno.EAGAIN);
                }
                throw WouldBlock.on(wait);
            }
            if (type == SOCK_STREAM) {
                r = recvStream(max, peek);
            } else {
                Message m = peek ? recvq.peek() : recvq.poll();
                int n = Math.min(max, m.data.length);
                byte[] out = UnixAddress.copy(m.data, n);
                List<File> files = peek ? List.of() : m.rights;
                if (!peek) {
                    recvBytes -= m.data.length;
                }
                r = new Received(out, files, m.data.length, m.from);
            }
            p = peer;
        }
        if (!peek) {
            wait.wakeUp();
            if (p != null) {
                p.wait.wakeUp();
            }
        }
        return r;
    }

    private Received recvStream(int max, boolean peek) {
        byte[] out = new byte[Math.min(max, recvBytes)];
        int got = 0;
        List<File> files = List.of();
        UnixAddress from = null;
        var it = recvq.iterator();
        int skip = 0;
        while (it.hasNext() && got < max) {
            Message m = it.next();
            if (got > 0 && !m.rights.isEmpty()) {
                break;
            }
            if (got == 0) {
                from = m.from;
                if (!peek) {
                    files = m.rights;
                    m.rights = List.of();
                }
            }
            int n = Math.min(max - got, m.data.length - m.off);
            System.arraycopy(m.data, m.off, out, got, n);
            got += n;
            if (!peek) {
                m.off += n;
                recvBytes -= n;
                if (m.off == m.data.length) {
                    skip++;
                }
            }
        }
        for (int i = 0; i < skip; i++) {
            recvq.poll();
        }
        return new Received(UnixAddress.copy(out, got), files, got, from);
    }

    /** unix_inq_len (SIOCINQ/FIONREAD): all queued bytes for streams and seqpacket, the next datagram's size. */
    public int inqLen() {
        synchronized (lock) {
            if (state == State.LISTENING) {
                throw new KernelError(Errno.EINVAL);
            }
            if (type == SOCK_DGRAM) {
                return recvq.isEmpty() ? 0 : recvq.peek().data.length;
            }
            return recvBytes;
        }
    }

    public int poll() {
        synchronized (lock) {
            int mask = 0;
            if (!recvq.isEmpty() || !backlog.isEmpty() || shutRd) {
                mask |= Poll.POLLIN | Poll.POLLRDNORM;
            }
            if (type != SOCK_DGRAM && state == State.CONNECTED && (peerGone || peer.shutWr)) {
                mask |= Poll.POLLIN | Poll.POLLRDNORM;
            }
            if (peerGone || (shutRd && shutWr)) {
                mask |= Poll.POLLHUP;
            }
            boolean writable = switch (state) {
                case CONNECTED -> !peerGone && peer.recvBytes < SNDBUF;
                case UNCONNECTED -> type == SOCK_DGRAM;
                case LISTENING -> false;
            };
            if (writable && !shutWr) {
                mask |= Poll.POLLOUT | Poll.POLLWRNORM;
            }
            return mask;
        }
    }

    /** unix_release_sock: tells the peer, drops queued data and in-flight files, frees the address. */
    void release() {
        List<File> drop = new ArrayList<>();
        List<UnixSocket> embryos;
        UnixSocket p;
        synchronized (lock) {
            closed = true;
            p = peer;
            if (p != null && p.peer == this) {
                p.peerGone = true;
                if (!recvq.isEmpty() && type != SOCK_DGRAM) {
                    p.pendingErr = Errno.ECONNRESET;
                }
            }
            for (Message m : recvq) {
                drop.addAll(m.rights);
            }
            recvq.clear();
            recvBytes = 0;
            embryos = new ArrayList<>(backlog);
            backlog.clear();
            if (boundInode != null) {
                boundInode.socket = null;
            }
            if (ownsAbstract) {
                UnixSockets.of(k).unbindAbstract(addr.path(), this);
            }
        }
        for (UnixSocket e : embryos) {
            e.release();
        }
        for (File f : drop) {
            f.put();
        }
        wait.wakeUp();
        if (p != null) {
            p.wait.wakeUp();
        }
    }

    /** Wraps the socket in a file ("socket:[ino]") with O_RDWR and the given O_NONBLOCK. */
    public File newFile(int flags) {
        File f = new File("socket:[" + inode.ino + "]", inode, SocketOps.INSTANCE,
                OpenFlags.O_RDWR | (flags & OpenFlags.O_NONBLOCK), k.objects());
        f.privateData = this;
        return f;
    }

    public static UnixSocket of(File f) {
        if (!(f.privateData instanceof UnixSocket s) || f.ops() != SocketOps.INSTANCE) {
            throw new KernelError(Errno.ENOTSOCK);
        }
        return s;
    }

    /** Creates an unconnected socket; type may carry SOCK_NONBLOCK/SOCK_CLOEXEC (the caller strips them). */
    public static UnixSocket create(Kernel k, int type, int ownerPid) {
        if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET) {
            throw new KernelError(UnixSockets.ESOCKTNOSUPPORT);
        }
        return new UnixSocket(k, type, ownerPid);
    }

    public static UnixSocket[] createPair(Kernel k, int type, int ownerPid) {
        UnixSocket a = create(k, type, ownerPid);
        UnixSocket b = create(k, type, ownerPid);
        synchronized (a.lock) {
            pair(a, b);
        }
        return new UnixSocket[] {a, b};
    }

    public WaitQueue waitQueue() {
        return wait;
    }
}
