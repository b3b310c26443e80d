package vexmem.board;

/** One DRAM bank from a /memory node's reg entry. */
public record DramBank(long base, long size, String nodePath) {
    public long end() {
        return base + size;
    }

    public boolean contains(long addr, long len) {
        return addr >= base && len >= 0 && addr + len <= end();
    }
}
