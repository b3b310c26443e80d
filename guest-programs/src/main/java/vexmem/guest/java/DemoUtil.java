package vexmem.guest.java;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import vexmem.kernel.Errno;
import vexmem.kernel.uapi.UserStruct;
import vexmem.kernel.user.Libc;

/** Java rendering of guest-programs/src/lib/demo_util.c: errno names, RESULT lines, files, patterns. */
public final class DemoUtil {
    public static final int O_RDONLY = 0, O_RDWR = 2, O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    public static final int SEEK_SET = 0, SEEK_END = 2;

    private DemoUtil() {
    }

    /** "EINVAL" for 22 or -22. */
    public static String errnoName(long err) {
        return Errno.name((int) Math.abs(err));
    }

    /** True when a raw system-call result is -errno. */
    public static boolean failed(long r) {
        return r < 0 && r >= -4095;
    }

    /** demo_perr: "what failed: ENAME (n)". */
    public static void perr(Libc c, String what, long err) {
        int e = (int) Math.abs(err);
        c.printf("%s failed: %s (%d)\n", what, errnoName(e), e);
    }

    /** demo_pass: prints "RESULT: PASS"; the caller returns 0. */
    public static int pass(Libc c) {
        c.printf("RESULT: PASS\n");
        return 0;
    }

    /** demo_fail: prints "RESULT: FAIL reason" and exits 1 (never returns normally). */
    public static RuntimeException fail(Libc c, String fmt, Object... args) {
        c.printf("RESULT: FAIL %s\n", String.format(fmt, args));
        c.exit(1);
        throw new IllegalStateException("exit returned");
    }

    /** perr + fail with "what: ENAME" as the reason. */
    public static RuntimeException failErr(Libc c, String what, String reason, long err) {
        perr(c, what, err);
        throw fail(c, "%s: %s", reason, errnoName(err));
    }

    /**
     * ION_IOC_ALLOC then ION_IOC_MAP on an open /dev/ion: returns {handle, dma-buf fd}; a failing
     * ioctl ends the demo with a RESULT: FAIL line naming it.
     */
    public static int[] ionAllocAndMap(Libc c, int ionFd, long len, int heapMask, int flags) {
        UserStruct alloc = new UserStruct(IonLib.ALLOC_SIZE).putU32(0, len).putU32(8, heapMask).putU32(12, flags);
        long r = IonLib.ioctl(c, ionFd, IonLib.ION_IOC_ALLOC, alloc);
        if (failed(r)) {
            throw failErr(c, "ION_IOC_ALLOC", "ION_IOC_ALLOC", r);
        }
        int handle = alloc.getS32(16);
        UserStruct fdd = new UserStruct(IonLib.FD_SIZE).putU32(0, handle).putU32(4, -1);
        r = IonLib.ioctl(c, ionFd, IonLib.ION_IOC_MAP, fdd);
        if (failed(r)) {
            throw failErr(c, "ION_IOC_MAP", "ION_IOC_MAP", r);
        }
        return new int[] {handle, fdd.getS32(4)};
    }

    /** read_text_file: the whole file, or -errno as a LibcError. */
    public static String readTextFile(Libc c, String path) {
        long fd = c.open(path, O_RDONLY | O_CLOEXEC);
        Libc.check(fd, "open");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (true) {
                long n = c.read((int) fd, buf, 0, buf.length);
                if (n == -Errno.EINTR) {
                    continue;
                }
                Libc.check(n, "read");
                if (n == 0) {
                    break;
                }
                out.write(buf, 0, (int) n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            c.close((int) fd);
        }
    }

    private static int patternByte(int i, int seed) {
        int v = i * (int) 2654435761L + seed * 40503;
        return ((v >>> 13) ^ v) & 0xff;
    }

    public static void fillPattern(byte[] buf, int seed) {
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (byte) patternByte(i, seed);
        }
    }

    /** First bad offset, or -1 when all match. */
    public static long checkPattern(byte[] buf, int seed) {
        for (int i = 0; i < buf.length; i++) {
            if ((buf[i] & 0xff) != patternByte(i, seed)) {
                return i;
            }
        }
        return -1;
    }

    /** The leading printable characters (at most max), as the C demos show buffer contents. */
    public static String shown(byte[] p, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < max && i < p.length && p[i] >= 0x20 && p[i] < 0x7f; i++) {
            sb.append((char) p[i]);
        }
        return sb.toString();
    }

    /** A NUL-terminated C string inside a byte array. */
    public static String cstring(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** demo_msleep. */
    public static void msleep(Libc c, int ms) {
        while (c.nanosleep(ms * 1_000_000L) == -Errno.EINTR) {
            // retry, as the C helper does
        }
    }

    public static boolean startsWith(byte[] p, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (p.length < b.length) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            if (p[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
