package vexmem.kernel.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.Vfs;
import vexmem.kernel.task.Task;

/** get_user/put_user/copy_*_user for little-endian ARM32 structs. */
final class Uaccess {
    private Uaccess() {
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer read(Task t, long uaddr, int size) {
        return ByteBuffer.wrap(t.mm().copyFromUser(uaddr, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void write(Task t, long uaddr, ByteBuffer b) {
        t.mm().copyToUser(uaddr, b.array());
    }

    static int u32(Task t, long uaddr) {
        return t.mm().getUserInt(uaddr);
    }

    static void putU32(Task t, long uaddr, int v) {
        t.mm().putUserInt(uaddr, v);
    }

    static long u64(Task t, long uaddr) {
        return read(t, uaddr, 8).getLong(0);
    }

    static String path(Task t, long uaddr) {
        if (uaddr == 0) {
            throw new KernelError(Errno.EFAULT);
        }
        return t.mm().strncpyFromUser(uaddr, Vfs.PATH_MAX);
    }

    /** A 64-bit argument split over an even/odd register pair (AAPCS). */
    static long pair(SyscallArgs a, int lo) {
        return (a.arg(lo) & 0xffffffffL) | (a.arg(lo + 1) << 32);
    }

    /** Reads a time32 or time64 timespec as nanoseconds; EINVAL for a bad tv_nsec or negative time. */
    static long timespec(Task t, long uaddr, boolean time64) {
        long sec;
        long nsec;
        if (time64) {
            ByteBuffer b = read(t, uaddr, 16);
            sec = b.getLong(0);
            nsec = b.getInt(8);
        } else {
            ByteBuffer b = read(t, uaddr, 8);
            sec = b.getInt(0);
            nsec = b.getInt(4);
        }
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
            throw new KernelError(Errno.EINVAL);
        }
        return sec > Long.MAX_VALUE / 1_000_000_000L / 2 ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
    }

    static void putTimespec(Task t, long uaddr, long nanos, boolean time64) {
        if (time64) {
            ByteBuffer b = le(16);
            b.putLong(0, nanos / 1_000_000_000L).putInt(8, (int) (nanos % 1_000_000_000L));
            write(t, uaddr, b);
        } else {
            ByteBuffer b = le(8);
            b.putInt(0, (int) (nanos / 1_000_000_000L)).putInt(4, (int) (nanos % 1_000_000_000L));
            write(t, uaddr, b);
        }
    }
}
