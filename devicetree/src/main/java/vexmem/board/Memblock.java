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
        List<Range> free = free();
        free.sort(Comparator.comparingLong(Range::end).reversed());
        for (Range f : free) {
            long lo = Math.max(f.base(), start);
            long hi = Math.min(f.end(), end);
            if (hi - lo < size) {
                continue;
            }
            long cand = Math.floorDiv(hi - size, a) * a;
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
