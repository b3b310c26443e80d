package vexmem.kernel.dmabuf;

import java.util.ArrayList;
import java.util.List;

/** sg_table: the buffer's memory as a list of scatterlist entries (nents == orig_nents here). */
public final class SgTable {
    private final List<Scatterlist> entries;

    public SgTable(List<Scatterlist> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Scatterlist> entries() {
        return entries;
    }

    public int nents() {
        return entries.size();
    }

    public long totalLength() {
        return entries.stream().mapToLong(Scatterlist::length).sum();
    }

    /** Every page frame in order (for vmap and remap). */
    public long[] pfns() {
        List<Long> out = new ArrayList<>();
        for (Scatterlist s : entries) {
            for (int i = 0; i < s.pageCount(); i++) {
                out.add(s.pfn() + i);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
