package vexmem.kernel.dmabuf;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/** struct dma_buf_ops: what an exporter implements. Optional hooks have Linux's NULL behaviour. */
public interface DmaBufOps {
    /** Optional ->attach. */
    default void attach(DmaBuf dmabuf, DmaBufAttachment attachment) {
    }

    default void detach(DmaBuf dmabuf, DmaBufAttachment attachment) {
    }

    /** ->map_dma_buf; null means failure (the core turns it into ENOMEM). */
    SgTable mapDmaBuf(DmaBufAttachment attachment, int direction);

    default void unmapDmaBuf(DmaBufAttachment attachment, SgTable table, int direction) {
    }

    /** ->release: the last reference to the dma-buf's file went away. */
    void release(DmaBuf dmabuf);

    default void beginCpuAccess(DmaBuf dmabuf, int direction) {
    }

    default void endCpuAccess(DmaBuf dmabuf, int direction) {
    }

    /** ->kmap: kernel virtual address of page {@code pageNum}, or 0 when unsupported. */
    default long kmap(DmaBuf dmabuf, long pageNum) {
        return 0;
    }

    default void kunmap(DmaBuf dmabuf, long pageNum, long vaddr) {
    }

    /** ->vmap: kernel virtual address of the whole buffer, or 0 (NULL) when unsupported. */
    default long vmap(DmaBuf dmabuf) {
        return 0;
    }

    default void vunmap(DmaBuf dmabuf, long vaddr) {
    }

    /** ->mmap: the core has already range-checked the VMA. */
    default void mmap(Task current, DmaBuf dmabuf, Vma vma) {
        throw new KernelError(Errno.EINVAL);
    }
}
