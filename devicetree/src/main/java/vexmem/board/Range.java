package vexmem.board;

/** A physical address range [base, base + size). */
public record Range(long base, long size) {
    public long end() {
        return base + size;
    }

    public boolean overlaps(Range o) {
        return size > 0 && o.size > 0 && Long.compareUnsigned(base, o.end()) < 0 && Long.compareUnsigned(o.base, end()) < 0;
    }

    public boolean contains(Range o) {
        return Long.compareUnsigned(base, o.base) <= 0 && Long.compareUnsigned(o.end(), end()) <= 0;
    }

    @Override
    public String toString() {
        return String.format("[0x%x-0x%x)", base, end());
    }
}
