package vexmem.kernel.mm;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/**
 * The board's physical address space for RAM: one host mapping per backed range (a DRAM bank, or a
 * reserved region outside DRAM), addressed by physical address. This is the only copy of every byte a
 * guest, a driver or a CPU engine touches; everything else holds physical addresses into it.
 */
public final class PhysicalMemory implements AutoCloseable {

    /** One physically contiguous backed range and the host address of its first byte. */
    public record Range(String name, long base, long size, Pointer host) {
        public long end() {
            return base + size;
        }

        public boolean contains(long phys, long len) {
            return phys >= base && len >= 0 && phys + len <= end();
        }

        public long hostAddress() {
            return Pointer.nativeValue(host);
        }
    }

    private final List<Range> ranges = new ArrayList<>();
    private boolean closed;

    /** Adds a backed range; ranges must be page-aligned and must not overlap. */
    public void addRange(String name, long base, long size) {
        if (!PageSize.isPageAligned(base) || !PageSize.isPageAligned(size) || size <= 0) {
            throw new IllegalArgumentException(String.format("%s: range 0x%x+0x%x is not page aligned", name, base, size));
        }
        for (Range r : ranges) {
            if (base < r.end() && r.base < base + size) {
                throw new IllegalArgumentException(name + " overlaps " + r.name);
            }
        }
        ranges.add(new Range(name, base, size, HostMemory.reserve(size)));
        ranges.sort(Comparator.comparingLong(Range::base));
    }

    public List<Range> ranges() {
        return List.copyOf(ranges);
    }

    /** The range holding [phys, phys+len), or null. */
    public Range rangeOf(long phys, long len) {
        for (Range r : ranges) {
            if (r.contains(phys, len)) {
                return r;
            }
        }
        return null;
    }

    public boolean isBacked(long phys, long len) {
        return rangeOf(phys, len) != null;
    }

    /** Host address of a physical byte (phys_to_virt for the emulator's host). */
    public long hostAddress(long phys) {
        return Pointer.nativeValue(pointer(phys, 1));
    }

    /** A host pointer to [phys, phys+len); the whole span must lie in one backed range. */
    public Pointer pointer(long phys, long len) {
        Range r = rangeOf(phys, len);
        if (r == null) {
            throw new KernelError(Errno.EFAULT, String.format("physical 0x%x+0x%x is not RAM", phys, len));
        }
        return r.host.share(phys - r.base);
    }

    public void read(long phys, byte[] dst, int off, int len) {
        pointer(phys, len).read(0, dst, off, len);
    }

    public byte[] read(long phys, int len) {
        byte[] b = new byte[len];
        read(phys, b, 0, len);
        return b;
    }

    public void write(long phys, byte[] src, int off, int len) {
        pointer(phys, len).write(0, src, off, len);
    }

    public void write(long phys, byte[] src) {
        write(phys, src, 0, src.length);
    }

    public int readInt(long phys) {
        return pointer(phys, 4).getInt(0);
    }

    public void writeInt(long phys, int v) {
        pointer(phys, 4).setInt(0, v);
    }

    public void fill(long phys, long len, byte value) {
        if (len > 0) {
            pointer(phys, len).setMemory(0, len, value);
        }
    }

    /** Zeroes a page-aligned span; whole pages are handed back to the host so they cost nothing. */
    public void zeroPages(long phys, long len) {
        if (len <= 0) {
            return;
        }
        HostMemory.discard(pointer(phys, len), len);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (Range r : ranges) {
                HostMemory.release(r.host, r.size);
            }
        }
    }
}
