package vexmem.kernel.dmabuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import vexmem.kernel.task.Task;

/**
 * A kernel-side copy of a user struct in ARM32 little-endian layout: copy_from_user into it, read and
 * write fields by offset, copy_to_user back. Faults surface as EFAULT from the address space.
 */
public final class UserStruct {
    private final byte[] bytes;
    private final ByteBuffer buf;

    public UserStruct(int size) {
        this(new byte[size]);
    }

    public UserStruct(byte[] bytes) {
        this.bytes = bytes;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** copy_from_user of {@code size} bytes. */
    public static UserStruct copyIn(Task current, long uaddr, int size) {
        return new UserStruct(current.mm().copyFromUser(uaddr, size));
    }

    public void copyOut(Task current, long uaddr) {
        current.mm().copyToUser(uaddr, bytes);
    }

    public void copyOut(Task current, long uaddr, int len) {
        current.mm().copyToUser(uaddr, bytes, 0, len);
    }

    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    public int u32(int off) {
        return buf.getInt(off);
    }

    public long u32AsLong(int off) {
        return buf.getInt(off) & 0xffffffffL;
    }

    public long u64(int off) {
        return buf.getLong(off);
    }

    public int u8(int off) {
        return bytes[off] & 0xff;
    }

    public UserStruct put32(int off, long v) {
        buf.putInt(off, (int) v);
        return this;
    }

    public UserStruct put64(int off, long v) {
        buf.putLong(off, v);
        return this;
    }

    public void zero() {
        java.util.Arrays.fill(bytes, (byte) 0);
    }

    /** A NUL-terminated string of at most {@code max} bytes at {@code off}. */
    public String cstring(int off, int max) {
        int n = 0;
        while (n < max && off + n < bytes.length && bytes[off + n] != 0) {
            n++;
        }
        return new String(bytes, off, n, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code s} cut to {@code max - 1} bytes plus NUL, zero-padding the field. */
    public void putCString(int off, int max, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(b.length, max - 1);
        java.util.Arrays.fill(bytes, off, off + max, (byte) 0);
        System.arraycopy(b, 0, bytes, off, n);
    }
}
