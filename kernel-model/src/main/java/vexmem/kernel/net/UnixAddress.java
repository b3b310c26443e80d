package vexmem.kernel.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/**
 * A struct sockaddr_un as unix_mkname reads it: sun_family (u16) then up to 108 bytes of path.
 * A leading NUL selects the abstract namespace (no file system entry).
 */
public record UnixAddress(String path, boolean isAbstract) {
    public static final int AF_UNIX = 1;
    public static final int UNIX_PATH_MAX = 108;
    /** offsetof(struct sockaddr_un, sun_path). */
    public static final int SUN_PATH_OFFSET = 2;

    /** bind's autobind request: exactly a sun_family of AF_UNIX (unix_bind checks this before unix_mkname). */
    public static boolean isAutobind(byte[] raw) {
        return raw.length == SUN_PATH_OFFSET && ((raw[0] & 0xff) | (raw[1] & 0xff) << 8) == AF_UNIX;
    }

    public static UnixAddress parse(byte[] raw) {
        if (raw.length < SUN_PATH_OFFSET || raw.length > SUN_PATH_OFFSET + UNIX_PATH_MAX) {
            throw new KernelError(Errno.EINVAL);
        }
        int family = (raw[0] & 0xff) | (raw[1] & 0xff) << 8;
        if (family != AF_UNIX) {
            throw new KernelError(Errno.EINVAL);
        }
        if (raw.length == SUN_PATH_OFFSET) {
            throw new KernelError(Errno.EINVAL); // unix_mkname; bind handles this length as autobind first
        }
        if (raw[SUN_PATH_OFFSET] == 0) {
            return new UnixAddress(new String(raw, SUN_PATH_OFFSET + 1, raw.length - SUN_PATH_OFFSET - 1,
                    StandardCharsets.ISO_8859_1), true);
        }
        int end = SUN_PATH_OFFSET;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new UnixAddress(new String(raw, SUN_PATH_OFFSET, end - SUN_PATH_OFFSET, StandardCharsets.UTF_8), false);
    }

    /** The bytes getsockname/accept return; an unnamed socket is just the family (length 2). */
    public static byte[] encode(UnixAddress a) {
        if (a == null) {
            return new byte[] {AF_UNIX, 0};
        }
        byte[] p = a.isAbstract ? a.path.getBytes(StandardCharsets.ISO_8859_1) : a.path.getBytes(StandardCharsets.UTF_8);
        byte[] out;
        if (a.isAbstract) {
            out = new byte[SUN_PATH_OFFSET + 1 + p.length];
            System.arraycopy(p, 0, out, SUN_PATH_OFFSET + 1, p.length);
        } else {
            out = new byte[SUN_PATH_OFFSET + p.length + 1];
            System.arraycopy(p, 0, out, SUN_PATH_OFFSET, p.length);
        }
        out[0] = AF_UNIX;
        return out;
    }

    @Override
    public String toString() {
        return isAbstract ? "@" + path : path;
    }

    static byte[] copy(byte[] b, int n) {
        return Arrays.copyOf(b, n);
    }
}
