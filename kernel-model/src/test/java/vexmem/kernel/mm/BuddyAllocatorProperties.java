package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class BuddyAllocatorProperties {
    /** Op: kind 0 alloc(order), 1 allocExact(count), 2 free the i-th live allocation. */
    record Op(int kind, int arg) { }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 10).map(o -> new Op(0, o)),
                Arbitraries.integers().between(1, 300).map(c -> new Op(1, c)),
                Arbitraries.integers().between(0, 1000).map(i -> new Op(2, i)));
        return op.list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void randomSequencesKeepInvariantsAndMergeFully(@ForAll("ops") List<Op> ops,
                                                     @ForAll @IntRange(min = 0, max = 700) int start,
                                                     @ForAll @IntRange(min = 1, max = 3000) int len,
                                                     @ForAll @IntRange(min = 0, max = 64) int hole) {
        // Two ranges with a hole between them, unaligned start: exercises partial blocks.
        long s = 0x60000 + start;
        BuddyAllocator b = BuddyAllocator.ofPfnRanges(new long[] {s, s + len}, new long[] {s + len + hole + 1, s + 2L * len + hole + 1});
        long total = b.totalPageCount();
        List<long[]> live = new ArrayList<>(); // {pfn, order}; exact allocations are stored page by page
        long used = 0;
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    long p = b.allocPages(op.arg());
                    if (p >= 0) {
                        assertEquals(0, p & ((1L << op.arg()) - 1), "natural alignment");
                        live.add(new long[] {p, op.arg()});
                        used += 1L << op.arg();
                    }
                }
                case 1 -> {
                    long p = b.allocPagesExact(op.arg());
                    if (p >= 0) {
                        for (int i = 0; i < op.arg(); i++) {
                            live.add(new long[] {p + i, 0});
                        }
                        used += op.arg();
                    }
                }
                default -> {
                    if (!live.isEmpty()) {
                        long[] a = live.remove(op.arg() % live.size());
                        b.freePages(a[0], (int) a[1]);
                        used -= 1L << a[1];
                    }
                }
            }
            assertEquals(total - used, b.freePageCount());
        }
        assertEquals(List.of(), b.checkInvariants()); // includes no-overlap of all blocks
        for (long[] a : live) {
            b.freePages(a[0], (int) a[1]);
        }
        assertEquals(total, b.freePageCount());
        assertTrue(b.isFullyMerged(), () -> b.checkInvariants().toString());
        // Fully merged equals the boot state.
        BuddyAllocator fresh = BuddyAllocator.ofPfnRanges(new long[] {s, s + len}, new long[] {s + len + hole + 1, s + 2L * len + hole + 1});
        assertEquals(java.util.Arrays.toString(fresh.buddyInfo()), java.util.Arrays.toString(b.buddyInfo()));
    }
}
