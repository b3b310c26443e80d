package vexmem.kernel.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import vexmem.kernel.task.Task;

/**
 * A C struct in the ARM32 little-endian layout, as bytes: built or read by field offset. The kernel
 * side fills one with {@link #copyIn} (copy_from_user) and writes it back with {@link #copyOut}; the
 * Java guests' libc builds one before poking it into user memory. Faults surface as EFAULT from the
 * task's address space.
 */
public final class UserStruct {
    private final ByteBuffer b;

    public UserStruct(int size) {
        this(new byte[size]);
    }

    public UserStruct(byte[] bytes) {
        b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** copy_from_user of {@code size} bytes. */
    public static UserStruct copyIn(Task current, long uaddr, int size) {
        return new UserStruct(current.mm().copyFromUser(uaddr, size));
    }

    /** copy_to_user of the whole struct. */
    public void copyOut(Task current, long uaddr) {
        current.mm().copyToUser(uaddr, bytes());
    }

    /** copy_to_user of the first {@code len} bytes. */
    public void copyOut(Task current, long uaddr, int len) {
        current.mm().copyToUser(uaddr, bytes(), 0, len);
    }

    public UserStruct putU8(int off, int v) {
        b.put(off, (byte) v);
        return this;
    }

    public UserStruct putU16(int off, int v) {
        b.putShort(off, (short) v);
        return this;
    }

    public UserStruct putU32(int off, long v) {
        b.putInt(off, (int) v);
        return this;
    }

    public UserStruct putU64(int off, long v) {
        b.putLong(off, v);
        return this;
    }

    public UserStruct putBytes(int off, byte[] v) {
        b.put(off, v);
        return this;
    }

    /** Writes {@code s} cut to {@code max - 1} bytes plus NUL, zero-padding the char[max] field. */
    public UserStruct putCString(int off, int max, String s) {
        byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
        Arrays.fill(bytes(), off, off + max, (byte) 0);
        b.put(off, v, 0, Math.min(v.length, max - 1));
        return this;
    }

    public int getU8(int off) {
        return b.get(off) & 0xff;
    }

    public int getU16(int off) {
        return b.getShort(off) & 0xffff;
    }

    /** Unsigned 32-bit value. */
    public long getU32(int off) {
        return b.getInt(off) & 0xffffffffL;
    }

    public int getS32(int off) {
        return b.getInt(off);
    }

    public long getU64(int off) {
        return b.getLong(off);
    }

    public byte[] getBytes(int off, int len) {
        byte[] out = new byte[len];
        b.get(off, out);
        return out;
    }

    /** A NUL-terminated string of at most {@code max} bytes at {@code off}. */
    public String getCString(int off, int max) {
        byte[] a = bytes();
        int n = 0;
        while (n < max && off + n < a.length && a[off + n] != 0) {
            n++;
        }
        return new String(a, off, n, StandardCharsets.ISO_8859_1);
    }

    /** Clears every byte (the ioctl dispatchers' "no WRITE direction: zero the argument"). */
    public void zero() {
        Arrays.fill(bytes(), (byte) 0);
    }

    public int size() {
        return b.capacity();
    }

    /** The backing bytes (not a copy). */
    public byte[] bytes() {
        return b.array();
    }
}
