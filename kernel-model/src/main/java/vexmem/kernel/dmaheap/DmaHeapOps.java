package vexmem.kernel.dmaheap;

import vexmem.kernel.dmabuf.DmaBuf;

/** struct dma_heap_ops. */
public interface DmaHeapOps {
    /** Allocates {@code len} (page-aligned, non-zero) bytes and exports them with f_flags {@code fdFlags}. */
    DmaBuf allocate(DmaHeap heap, long len, int fdFlags, long heapFlags);
}
