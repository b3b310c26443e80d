package vexmem.kernel.dmabuf;

import vexmem.kernel.mm.PageSize;

/**
 * One scatterlist entry: a run of physically contiguous pages. Without an IOMMU the DMA address is
 * the physical address.
 */
public record Scatterlist(long pfn, int offset, long length, long dmaAddress) {
    public static Scatterlist of(long pfn, long length) {
        return new Scatterlist(pfn, 0, length, PageSize.phys(pfn));
    }

    public long phys() {
        return PageSize.phys(pfn) + offset;
    }

    public int pageCount() {
        return (int) (PageSize.pageAlign(offset + length) >>> PageSize.PAGE_SHIFT);
    }
}
