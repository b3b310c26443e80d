package vexmem.kernel.user;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A C struct being built or read in ARM32 little-endian layout, before poke/after peek. */
public final class UserStruct {
    private final ByteBuffer b;

    public UserStruct(int size) {
        b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public UserStruct(byte[] bytes) {
        b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
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
        for (int i = 0; i < v.length; i++) {
            b.put(off + i, v[i]);
        }
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
        for (int i = 0; i < len; i++) {
            out[i] = b.get(off + i);
        }
        return out;
    }

    public int size() {
        return b.capacity();
    }

    public byte[] bytes() {
        return b.array();
    }
}
