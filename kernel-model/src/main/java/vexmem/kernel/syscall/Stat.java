package vexmem.kernel.syscall;

import java.nio.ByteBuffer;
import vexmem.kernel.fs.Inode;
import vexmem.kernel.task.Task;

/** struct stat64 (104 bytes) and struct statx (256 bytes) as ARM EABI lays them out (checked with gcc). */
final class Stat {
    /** st_dev of every inode: one superblock-like device number (0:5, like devtmpfs). */
    static final int DEV = 5;

    private Stat() {
    }

    /**
     * The inode fstat reports for anonymous files (dma-buf, ION handles): 4.9 gives every anon_inode
     * file the one shared anon_inode_inode, mode 0600 with no type bits.
     */
    static final Inode ANON_INODE = new Inode(0600, 0, null);

    static int nlink(Inode n) {
        return n.isDir() ? 2 : 1;
    }

    static void writeStat64(Task t, long ubuf, Inode n) {
        if (n == null) {
            n = ANON_INODE;
        }
        ByteBuffer b = Uaccess.le(104);
        long size = n.size();
        b.putLong(0, DEV);
        b.putInt(12, (int) n.ino);
        b.putInt(16, n.mode);
        b.putInt(20, nlink(n));
        b.putInt(24, 0).putInt(28, 0);
        b.putLong(32, n.rdev);
        b.putLong(48, size);
        b.putInt(56, 4096);
        b.putLong(64, (size + 511) / 512);
        b.putInt(72, (int) TimeSyscalls.EPOCH_SECONDS);
        b.putInt(80, (int) TimeSyscalls.EPOCH_SECONDS);
        b.putInt(88, (int) TimeSyscalls.EPOCH_SECONDS);
        b.putLong(96, n.ino);
        Uaccess.write(t, ubuf, b);
    }

    static void writeStatx(Task t, long ubuf, Inode n) {
        if (n == null) {
            n = ANON_INODE;
        }
        ByteBuffer b = Uaccess.le(256);
        long size = n.size();
        b.putInt(0, 0x7ff); // STATX_BASIC_STATS
        b.putInt(4, 4096);
        b.putInt(16, nlink(n));
        b.putShort(28, (short) n.mode);
        b.putLong(32, n.ino);
        b.putLong(40, size);
        b.putLong(48, (size + 511) / 512);
        for (int off : new int[] {64, 96, 112}) {
            b.putLong(off, TimeSyscalls.EPOCH_SECONDS);
        }
        b.putInt(128, (n.rdev >>> 8) & 0xfff);
        b.putInt(132, (n.rdev & 0xff) | ((n.rdev >>> 12) & ~0xff));
        b.putInt(136, 0);
        b.putInt(140, DEV);
        Uaccess.write(t, ubuf, b);
    }
}
