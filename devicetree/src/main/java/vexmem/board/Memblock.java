package vexmem.board;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Just enough of early-boot memblock to place dynamic reserved-memory: the DRAM banks as
 * memblock.memory, a growing list of taken ranges, and the top-down first-fit search.
 */
final class Memblock {
    /** memblock's fallback alignment (SMP_CACHE_BYTES on ARMv7, L1 line of 64 bytes). */
    static final long DEFAULT_ALIGN = 64;
    private static final long PAGE_SIZE = 4096;

    private final List<Range> memory;
    private final List<Range> taken = new ArrayList<>();

    Memblock(List<DramBank> banks) {
        this.memory = banks.stream().map(b -> new Range(b.base(), b.size())).toList();
    }

    void take(Range r) {
        if (r.size() > 0) {
            taken.add(r);
        }
    }

    /** Highest aligned base for {@code size} bytes inside [start, end) that avoids every taken range. */
    Optional<Long> findTopDown(long size, long align, long start, long end) {
        if (size <= 0) {
            return Optional.empty();
        }
        long a = align <= 0 ? DEFAULT_ALIGN : align;
        long from = Math.max(start, PAGE_SIZE); // memblock_find_in_range_node avoids the first page
        List<Range> free = free();
        free.sort(Comparator.comparingLong(Range::end).reversed());
        for (Range f : free) {
            long lo = Math.max(f.base(), from);
            long hi = Math.min(f.end(), end);
            if (hi - lo < size) {
                continue;
            }
            // round_down is a mask (x & ~(align - 1)): right for powers of two, and for any other
            // alignment it gives the same odd base Linux does.
            long cand = (hi - size) & ~(a - 1);
            if (cand >= lo) {
                return Optional.of(cand);
            }
        }
        return Optional.empty();
    }

    /** memblock.memory minus taken, as disjoint ranges. */
    private List<Range> free() {
        List<Range> free = new ArrayList<>(memory);
        for (Range t : taken) {
            List<Range> next = new ArrayList<>();
            for (Range f : free) {
                if (!f.overlaps(t)) {
                    next.add(f);
                    continue;
                }
                if (f.base() < t.base()) {
                    next.add(new Range(f.base(), t.base() - f.base()));
                }
                if (t.end() < f.end()) {
                    next.add(new Range(t.end(), f.end() - t.end()));
                }
            }
            free = next;
        }
        return free;
    }
}
