package vexmem.guest.java;

import vexmem.kernel.Errno;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/**
 * Java rendering of guest-programs/src/lib/libion.c (AOSP libion names) for the Linux 4.9 legacy ION
 * ABI: every call marshals its argument struct into user memory in the ARM32 layout
 * (docs/guest-abi.md §1) and goes through {@link Libc#ioctl}. All return -errno on failure.
 */
public final class IonLib {
    public static final String ION_DEV = "/dev/ion";
    public static final int ION_IOC_ALLOC = 0xC0144900, ION_IOC_FREE = 0xC0044901, ION_IOC_MAP = 0xC0084902,
            ION_IOC_SHARE = 0xC0084904, ION_IOC_IMPORT = 0xC0084905, ION_IOC_CUSTOM = 0xC0084906,
            ION_IOC_SYNC = 0xC0084907, ION_IOC_HEAP_QUERY = 0xC0184908;
    public static final int ION_HEAP_TYPE_SYSTEM = 0, ION_HEAP_TYPE_SYSTEM_CONTIG = 1, ION_HEAP_TYPE_CARVEOUT = 2,
            ION_HEAP_TYPE_CHUNK = 3, ION_HEAP_TYPE_DMA = 4;
    public static final int ION_HEAP_SYSTEM_MASK = 0x1, ION_HEAP_SYSTEM_CONTIG_MASK = 0x2,
            ION_HEAP_CARVEOUT_MASK = 0x4, ION_HEAP_CHUNK_MASK = 0x8, ION_HEAP_TYPE_DMA_MASK = 0x10;
    public static final int ION_FLAG_CACHED = 1, ION_FLAG_CACHED_NEEDS_SYNC = 2;
    public static final int MAX_HEAP_NAME = 32;
    /** sizeof(struct ion_allocation_data), ion_handle_data, ion_fd_data, ion_custom_data, ion_heap_query, ion_heap_data. */
    public static final int ALLOC_SIZE = 20, HANDLE_SIZE = 4, FD_SIZE = 8, CUSTOM_SIZE = 8, QUERY_SIZE = 24,
            HEAP_DATA_SIZE = 52;

    /** One ion_heap_data record. */
    public record HeapData(String name, int type, int heapId) {
    }

    private IonLib() {
    }

    /**
     * ioctl with an in/out struct: copies s into user memory, calls, copies it back into s (also on
     * failure, like the kernel's copy-back), retrying on EINTR. Returns the raw result.
     */
    public static long ioctl(Libc c, int fd, int cmd, UserStruct s) {
        long u = c.malloc(s.size());
        try {
            long r;
            do {
                c.poke(u, s);
                r = c.ioctl(fd, cmd, u);
            } while (r == -Errno.EINTR);
            s.putBytes(0, c.peek(u, s.size()));
            return r;
        } finally {
            c.free(u);
        }
    }

    public static int open(Libc c) {
        return (int) c.open(ION_DEV, DemoUtil.O_RDONLY | DemoUtil.O_CLOEXEC);
    }

    public static int close(Libc c, int fd) {
        return (int) c.close(fd);
    }

    /** ion_alloc; handle[0] receives the handle. */
    public static int alloc(Libc c, int fd, long len, long align, int heapMask, int flags, int[] handle) {
        UserStruct d = new UserStruct(ALLOC_SIZE).putU32(0, len).putU32(4, align).putU32(8, heapMask)
                .putU32(12, flags);
        long r = ioctl(c, fd, ION_IOC_ALLOC, d);
        if (r < 0) {
            return (int) r;
        }
        handle[0] = d.getS32(16);
        return 0;
    }

    public static int free(Libc c, int fd, int handle) {
        long r = ioctl(c, fd, ION_IOC_FREE, new UserStruct(HANDLE_SIZE).putU32(0, handle));
        return r < 0 ? (int) r : 0;
    }

    private static int fdCall(Libc c, int fd, int cmd, int handle, int[] outFd) {
        UserStruct d = new UserStruct(FD_SIZE).putU32(0, handle).putU32(4, -1);
        long r = ioctl(c, fd, cmd, d);
        if (r < 0) {
            return (int) r;
        }
        if (d.getS32(4) < 0) {
            return -Errno.EINVAL;
        }
        outFd[0] = d.getS32(4);
        return 0;
    }

    /** ion_share: a new dma-buf fd for the handle in shareFd[0]. */
    public static int share(Libc c, int fd, int handle, int[] shareFd) {
        return fdCall(c, fd, ION_IOC_SHARE, handle, shareFd);
    }

    /** ion_alloc_fd: alloc + share + free; the dma-buf fd in handleFd[0]. */
    public static int allocFd(Libc c, int fd, long len, long align, int heapMask, int flags, int[] handleFd) {
        int[] h = new int[1];
        int r = alloc(c, fd, len, align, heapMask, flags, h);
        if (r < 0) {
            return r;
        }
        r = share(c, fd, h[0], handleFd);
        int r2 = free(c, fd, h[0]);
        if (r < 0) {
            return r;
        }
        if (r2 < 0) {
            c.close(handleFd[0]);
            return r2;
        }
        return 0;
    }

    /** ion_map: ION_IOC_MAP then mmap; out[0] = user address, out[1] = the map fd. */
    public static int map(Libc c, int fd, int handle, long length, int prot, int flags, long offset, long[] out) {
        if (length == 0) {
            return -Errno.EINVAL;
        }
        int[] mapFd = new int[1];
        int r = fdCall(c, fd, ION_IOC_MAP, handle, mapFd);
        if (r < 0) {
            return r;
        }
        long p = c.mmap(0, length, prot, flags, mapFd[0], offset);
        if (DemoUtil.failed(p)) {
            c.close(mapFd[0]);
            return (int) p;
        }
        out[0] = p;
        out[1] = mapFd[0];
        return 0;
    }

    /** ion_import: the handle for a dma-buf fd in handle[0]. */
    public static int importFd(Libc c, int fd, int shareFd, int[] handle) {
        UserStruct d = new UserStruct(FD_SIZE).putU32(0, 0).putU32(4, shareFd);
        long r = ioctl(c, fd, ION_IOC_IMPORT, d);
        if (r < 0) {
            return (int) r;
        }
        handle[0] = d.getS32(0);
        return 0;
    }

    public static int syncFd(Libc c, int fd, int handleFd) {
        long r = ioctl(c, fd, ION_IOC_SYNC, new UserStruct(FD_SIZE).putU32(4, handleFd));
        return r < 0 ? (int) r : 0;
    }

    public static int custom(Libc c, int fd, int cmd, long arg) {
        long r = ioctl(c, fd, ION_IOC_CUSTOM, new UserStruct(CUSTOM_SIZE).putU32(0, cmd).putU32(4, arg));
        return r < 0 ? (int) r : 0;
    }

    /** ion_query_heap_cnt: the number of heaps in cnt[0]. */
    public static int queryHeapCnt(Libc c, int fd, int[] cnt) {
        UserStruct q = new UserStruct(QUERY_SIZE);
        long r = ioctl(c, fd, ION_IOC_HEAP_QUERY, q);
        if (r < 0) {
            return (int) r;
        }
        cnt[0] = q.getS32(0);
        return 0;
    }

    /** The records of ion_query_get_heaps_ex, and whether 4.9's EINVAL-on-success quirk was seen. */
    public record HeapQuery(int result, java.util.List<HeapData> heaps, boolean quirk) {
    }

    /** ion_query_get_heaps_ex with room for cnt records. */
    public static HeapQuery queryGetHeaps(Libc c, int fd, int cnt) {
        if (cnt <= 0) {
            return new HeapQuery(-Errno.EINVAL, java.util.List.of(), false);
        }
        int bytes = cnt * HEAP_DATA_SIZE;
        long buf = c.malloc(bytes);
        try {
            c.poke(buf, new byte[bytes]);
            UserStruct q = new UserStruct(QUERY_SIZE).putU32(0, cnt).putU64(8, buf);
            long r = ioctl(c, fd, ION_IOC_HEAP_QUERY, q);
            UserStruct recs = c.peekStruct(buf, bytes);
            long written = q.getU32(0);
            boolean quirk = false;
            if (r == -Errno.EINVAL && written > 0 && written <= cnt && recs.getU8(0) != 0) {
                // Mainline 4.9: records were copied back, but the return value was never reset.
                quirk = true;
                r = 0;
            }
            if (r < 0) {
                return new HeapQuery((int) r, java.util.List.of(), false);
            }
            java.util.List<HeapData> out = new java.util.ArrayList<>();
            for (int i = 0; i < written; i++) {
                int o = i * HEAP_DATA_SIZE;
                byte[] name = recs.getBytes(o, MAX_HEAP_NAME);
                name[MAX_HEAP_NAME - 1] = 0;
                out.add(new HeapData(DemoUtil.cstring(name), recs.getS32(o + 32), recs.getS32(o + 36)));
            }
            return new HeapQuery(0, out, quirk);
        } finally {
            c.free(buf);
        }
    }
}
