package vexmem.kernel.dmabuf;

/** struct dma_buf_attachment: one device's attachment to a dma-buf. */
public final class DmaBufAttachment {
    private final DmaBuf dmabuf;
    private final String dev;
    /** Exporter-private data (attachment->priv). */
    public Object priv;
    SgTable mapped;

    DmaBufAttachment(DmaBuf dmabuf, String dev) {
        this.dmabuf = dmabuf;
        this.dev = dev;
    }

    public DmaBuf dmabuf() {
        return dmabuf;
    }

    /** Name of the attached device. */
    public String dev() {
        return dev;
    }

    @Override
    public String toString() {
        return "attachment(" + dev + ")";
    }
}
