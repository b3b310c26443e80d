package vexmem.guest.java;

import java.util.LinkedHashMap;
import java.util.Map;
import vexmem.kernel.Errno;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/**
 * Java rendering of guest-programs/src/lib/dmabufheap.c (AOSP libdmabufheap's BufferAllocator) over
 * Libc: heap fds are opened O_RDONLY|O_CLOEXEC and cached, buffers allocated with
 * fd_flags O_RDWR|O_CLOEXEC, named with DMA_BUF_SET_NAME_B (failure ignored), synced with
 * DMA_BUF_IOCTL_SYNC. All return -errno on failure.
 */
public final class DmabufHeapLib {
    public static final String DMA_HEAP_DEV_DIR = "/dev/dma_heap";
    public static final int DMA_HEAP_IOCTL_ALLOC = 0xC0184800, DMA_BUF_IOCTL_SYNC = 0x40086200,
            DMA_BUF_SET_NAME_B = 0x40086201;
    public static final int DMA_BUF_SYNC_READ = 1, DMA_BUF_SYNC_WRITE = 2, DMA_BUF_SYNC_RW = 3,
            DMA_BUF_SYNC_START = 0, DMA_BUF_SYNC_END = 4;
    static final int MAX_CACHED_HEAPS = 8, HEAP_NAME_MAX = 64, DMA_BUF_NAME_LEN = 32;

    /** SyncType of the AOSP API. */
    public enum SyncType { READ, WRITE, READ_WRITE }

    /** The BufferAllocator: a cache of open heap fds. */
    public static final class BufferAllocator {
        private final Libc c;
        private final Map<String, Integer> heaps = new LinkedHashMap<>();

        private BufferAllocator(Libc c) {
            this.c = c;
        }

        private int openHeap(String name) {
            if (name == null || name.isEmpty() || name.length() >= HEAP_NAME_MAX || name.contains("/")) {
                return -Errno.EINVAL;
            }
            Integer cached = heaps.get(name);
            if (cached != null) {
                return cached;
            }
            long fd = c.open(DMA_HEAP_DEV_DIR + "/" + name, DemoUtil.O_RDONLY | DemoUtil.O_CLOEXEC);
            if (fd < 0) {
                return (int) fd;
            }
            if (heaps.size() < MAX_CACHED_HEAPS) {
                heaps.put(name, (int) fd);
            }
            return (int) fd;
        }

        /** DmabufHeapAlloc: a dma-buf fd, or -errno. */
        public int alloc(String heapName, long len, long heapFlags) {
            int heapFd = openHeap(heapName);
            if (heapFd < 0) {
                return heapFd;
            }
            UserStruct d = new UserStruct(24).putU64(0, len).putU32(8, 0)
                    .putU32(12, DemoUtil.O_RDWR | DemoUtil.O_CLOEXEC).putU64(16, heapFlags);
            long r = IonLib.ioctl(c, heapFd, DMA_HEAP_IOCTL_ALLOC, d);
            if (!heaps.containsValue(heapFd)) {
                c.close(heapFd); // not cached (cache full)
            }
            if (r < 0) {
                return (int) r;
            }
            int fd = d.getS32(8);
            // AOSP names the buffer after the heap; failure is not fatal.
            String name = heapName.length() >= DMA_BUF_NAME_LEN ? heapName.substring(0, DMA_BUF_NAME_LEN - 1) : heapName;
            long p = c.strdup(name);
            try {
                c.ioctl(fd, DMA_BUF_SET_NAME_B, p);
            } finally {
                c.free(p);
            }
            return fd;
        }

        /** DmabufHeapAllocSystem. */
        public int allocSystem(boolean cpuAccess, long len, long heapFlags) {
            if (!cpuAccess) {
                long fd = c.open(DMA_HEAP_DEV_DIR + "/system-uncached", DemoUtil.O_RDONLY | DemoUtil.O_CLOEXEC);
                if (fd >= 0) {
                    c.close((int) fd);
                    return alloc("system-uncached", len, heapFlags);
                }
            }
            return alloc("system", len, heapFlags);
        }

        private int sync(int fd, SyncType t, boolean end) {
            long flags = switch (t) {
                case READ -> DMA_BUF_SYNC_READ;
                case WRITE -> DMA_BUF_SYNC_WRITE;
                case READ_WRITE -> DMA_BUF_SYNC_RW;
            };
            flags |= end ? DMA_BUF_SYNC_END : DMA_BUF_SYNC_START;
            long r = IonLib.ioctl(c, fd, DMA_BUF_IOCTL_SYNC, new UserStruct(8).putU64(0, flags));
            return r < 0 ? (int) r : 0;
        }

        public int cpuSyncStart(int fd, SyncType t) {
            return sync(fd, t, false);
        }

        public int cpuSyncEnd(int fd, SyncType t) {
            return sync(fd, t, true);
        }

        /** FreeDmabufHeapBufferAllocator: closes the cached heap fds. */
        public void free() {
            for (int fd : heaps.values()) {
                c.close(fd);
            }
            heaps.clear();
        }
    }

    private DmabufHeapLib() {
    }

    public static BufferAllocator create(Libc c) {
        return new BufferAllocator(c);
    }
}
