package vexmem.kernel.ion;

import vexmem.kernel.dmabuf.DmaBuf;
import vexmem.kernel.dmabuf.DmaBufAttachment;
import vexmem.kernel.dmabuf.DmaBufOps;
import vexmem.kernel.dmabuf.SgTable;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/** ION 4.9's dma_buf_ops: the buffer's own sg table, kmap through begin/end_cpu_access, no vmap. */
final class IonDmaBufOps implements DmaBufOps {
    static final IonDmaBufOps INSTANCE = new IonDmaBufOps();

    private IonDmaBufOps() {
    }

    private static IonBuffer buffer(DmaBuf d) {
        return (IonBuffer) d.priv;
    }

    @Override
    public SgTable mapDmaBuf(DmaBufAttachment attachment, int direction) {
        return buffer(attachment.dmabuf()).sgTable();
    }

    @Override
    public void release(DmaBuf dmabuf) {
        buffer(dmabuf).put();
    }

    @Override
    public void beginCpuAccess(DmaBuf dmabuf, int direction) {
        IonBuffer b = buffer(dmabuf);
        b.device().bufferKmapGet(b);
    }

    @Override
    public void endCpuAccess(DmaBuf dmabuf, int direction) {
        IonBuffer b = buffer(dmabuf);
        b.device().bufferKmapPut(b);
    }

    @Override
    public long kmap(DmaBuf dmabuf, long pageNum) {
        IonBuffer b = buffer(dmabuf);
        synchronized (b) {
            return b.vaddr == 0 ? 0 : b.vaddr + pageNum * PageSize.PAGE_SIZE;
        }
    }

    @Override
    public void mmap(Task current, DmaBuf dmabuf, Vma vma) {
        IonBuffer b = buffer(dmabuf);
        b.heap().mapUser(b, vma);
    }
}
