package vexmem.kernel.user;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * malloc for a Java guest: first-fit over anonymous mappings the Libc makes in the task, 16-byte
 * aligned, freed blocks coalesced with their neighbours.
 */
final class UserHeap {
    interface Mapper {
        long map(long len);
    }

    static final long CHUNK = 256 << 10;

    private final Mapper mapper;
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private final Map<Long, Long> used = new HashMap<>();

    UserHeap(Mapper mapper) {
        this.mapper = mapper;
    }

    long alloc(long size) {
        long need = Math.max(16, (size + 15) & ~15L);
        for (var e : free.entrySet()) {
            if (e.getValue() >= need) {
                long a = e.getKey();
                long rest = e.getValue() - need;
                free.remove(a);
                if (rest > 0) {
                    free.put(a + need, rest);
                }
                used.put(a, need);
                return a;
            }
        }
        long len = Math.max(CHUNK, (need + 4095) & ~4095L);
        long base = mapper.map(len);
        release(base, len);
        return alloc(size);
    }

    void free(long addr) {
        Long size = used.remove(addr);
        if (size == null) {
            throw new IllegalArgumentException(String.format("free of unallocated 0x%x", addr));
        }
        release(addr, size);
    }

    private void release(long addr, long size) {
        var next = free.ceilingEntry(addr);
        if (next != null && next.getKey() == addr + size) {
            size += next.getValue();
            free.remove(next.getKey());
        }
        var prev = free.floorEntry(addr);
        if (prev != null && prev.getKey() + prev.getValue() == addr) {
            addr = prev.getKey();
            size += prev.getValue();
        }
        free.put(addr, size);
    }
}
