package vexmem.kernel.mm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Host virtual memory for the board's RAM: anonymous, private, MAP_NORESERVE mappings, so the host
 * commits a page only when something touches it and a 1 GiB board costs what it uses. The mappings
 * are page-aligned native addresses that Unicorn can map directly with uc_mem_map_ptr.
 */
final class HostMemory {
    private static final int PROT_READ = 1, PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;

    interface LibC extends Library {
        Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

        int munmap(Pointer addr, long length);

        int madvise(Pointer addr, long length, int advice);
    }

    private static final LibC C = Native.load("c", LibC.class);

    private HostMemory() {
    }

    static Pointer reserve(long size) {
        Pointer p = C.mmap(null, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == null || Pointer.nativeValue(p) == -1L) {
            throw new IllegalStateException("host mmap of " + size + " bytes failed");
        }
        return p;
    }

    static void release(Pointer p, long size) {
        C.munmap(p, size);
    }

    /** Gives host pages back; the range then reads as zero again (anonymous private semantics). */
    static void discard(Pointer p, long size) {
        C.madvise(p, size, MADV_DONTNEED);
    }
}
