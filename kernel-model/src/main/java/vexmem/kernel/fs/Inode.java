package vexmem.kernel.fs;

/**
 * An inode of the board's in-memory file system. {@code mode} carries the type bits (S_IFCHR,
 * S_IFDIR, S_IFREG, S_IFSOCK ...) and permissions as stat returns them; {@code rdev} is the device
 * number for character devices.
 */
public class Inode {
    public static final int S_IFMT = 0xf000, S_IFSOCK = 0xc000, S_IFLNK = 0xa000, S_IFREG = 0x8000,
            S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;
    private static final java.util.concurrent.atomic.AtomicLong INO = new java.util.concurrent.atomic.AtomicLong(1);

    public final long ino = INO.incrementAndGet();

    /**
     * Restarts inode numbering; {@code Kernel.boot} calls it so that a board's inode numbers (which
     * stat, getdents and /proc show) do not depend on what booted earlier in the same JVM. Scenario
     * replay relies on it. Kernels alive at the same time may then share numbers across boards.
     */
    public static void restartNumbering() {
        INO.set(1);
    }
    public final int mode;
    public final int rdev;
    /** Opens a file on this inode; null for directories and sockets. */
    public final FileOperations fops;

    public Inode(int mode, int rdev, FileOperations fops) {
        this.mode = mode;
        this.rdev = rdev;
        this.fops = fops;
    }

    public boolean isDir() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isChr() {
        return (mode & S_IFMT) == S_IFCHR;
    }

    /** Size stat reports; regular files override. */
    public long size() {
        return 0;
    }

    public static int mkdev(int major, int minor) {
        return (major << 8) | (minor & 0xff) | ((minor & ~0xff) << 12);
    }
}
