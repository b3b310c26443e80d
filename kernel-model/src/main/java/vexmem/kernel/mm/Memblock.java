package vexmem.kernel.mm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vexmem.board.Board;
import vexmem.board.DramBank;
import vexmem.board.ReservedRegion;

/**
 * Early boot memory bookkeeping, as memblock leaves it for mem_init: {@code memory} is DRAM minus
 * no-map regions (memblock_remove), {@code reserved} is every other reserved-memory region (static,
 * dynamic and CMA) that overlaps memory, and {@code free} = memory minus reserved is what the buddy
 * allocator gets. The model's kernel has no image in guest RAM, so nothing else is reserved.
 */
public final class Memblock {
    /** A physical range [base, base+size). */
    public record Region(long base, long size) {
        public long end() {
            return base + size;
        }

        public long basePfn() {
            return PageSize.pfn(base);
        }

        public long endPfn() {
            return PageSize.pfn(end());
        }
    }

    private final long physOffset;
    private final List<Region> memory;
    private final List<Region> reserved;
    private final List<Region> free;

    public Memblock(long physOffset, List<Region> memory, List<Region> reserved) {
        this.physOffset = physOffset;
        this.memory = normalize(memory);
        List<Region> res = new ArrayList<>();
        for (Region r : normalize(reserved)) {
            for (Region m : this.memory) {
                long b = Math.max(r.base, m.base), e = Math.min(r.end(), m.end());
                if (b < e) {
                    res.add(new Region(b, e - b));
                }
            }
        }
        this.reserved = normalize(res);
        List<Region> f = this.memory;
        for (Region r : this.reserved) {
            f = subtract(f, r);
        }
        this.free = f;
    }

    /** arm_memblock_init + early_init_fdt_scan_reserved_mem for a board. */
    public static Memblock fromBoard(Board b) {
        List<Region> mem = new ArrayList<>();
        for (DramBank bank : b.banks()) {
            // Partial pages at bank edges are not usable memory.
            long base = PageSize.pageAlign(bank.base());
            long end = bank.end() & PageSize.PAGE_MASK;
            if (end > base) {
                mem.add(new Region(base, end - base));
            }
        }
        List<Region> reserved = new ArrayList<>();
        for (ReservedRegion r : b.reserved()) {
            // Reservations cover whole pages, rounding outwards.
            long base = r.base() & PageSize.PAGE_MASK;
            long end = PageSize.pageAlign(r.end());
            if (end <= base) {
                continue;
            }
            if (r.noMap()) {
                mem = subtract(mem, new Region(base, end - base)); // memblock_remove
            } else {
                reserved.add(new Region(base, end - base));
            }
        }
        long physOffset = b.banks().isEmpty() ? 0 : b.banks().stream().mapToLong(DramBank::base).min().getAsLong();
        return new Memblock(physOffset, mem, reserved);
    }

    /** PHYS_OFFSET: the base of the first DRAM bank. */
    public long physOffset() {
        return physOffset;
    }

    /** System RAM: DRAM minus no-map holes, sorted and merged. */
    public List<Region> memory() {
        return memory;
    }

    public List<Region> reserved() {
        return reserved;
    }

    /** What free_all_bootmem hands to the buddy allocator. */
    public List<Region> free() {
        return free;
    }

    public long memoryPages() {
        return memory.stream().mapToLong(r -> r.size >>> PageSize.PAGE_SHIFT).sum();
    }

    /** True when [base, base+size) lies entirely inside System RAM. */
    public boolean isMemory(long base, long size) {
        return memory.stream().anyMatch(m -> base >= m.base && base + size <= m.end());
    }

    /** Sorted, with overlapping and touching ranges merged. */
    static List<Region> normalize(List<Region> in) {
        List<Region> s = new ArrayList<>(in.stream().filter(r -> r.size > 0).toList());
        s.sort(Comparator.comparingLong(Region::base));
        List<Region> out = new ArrayList<>();
        for (Region r : s) {
            if (!out.isEmpty() && out.get(out.size() - 1).end() >= r.base) {
                Region last = out.remove(out.size() - 1);
                out.add(new Region(last.base, Math.max(last.end(), r.end()) - last.base));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    static List<Region> subtract(List<Region> from, Region cut) {
        List<Region> out = new ArrayList<>();
        for (Region r : from) {
            if (cut.end() <= r.base || cut.base >= r.end()) {
                out.add(r);
                continue;
            }
            if (cut.base > r.base) {
                out.add(new Region(r.base, cut.base - r.base));
            }
            if (cut.end() < r.end()) {
                out.add(new Region(cut.end(), r.end() - cut.end()));
            }
        }
        return List.copyOf(out);
    }
}
