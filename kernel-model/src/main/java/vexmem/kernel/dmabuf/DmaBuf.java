package vexmem.kernel.dmabuf;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.OpenFlags;
import vexmem.kernel.task.Task;

/**
 * struct dma_buf: a buffer shared between drivers and processes through an anonymous file. The file
 * ("anon_inode:dmabuf") is held by every fd and every VMA mapping it; the exporter's release runs
 * at the last fput.
 */
public final class DmaBuf {
    public static final String FILE_NAME = "anon_inode:dmabuf";

    private final Kernel kernel;
    private final long size;
    private final DmaBufOps ops;
    private final String expName;
    /** Exporter-private data (dmabuf->priv). */
    public final Object priv;
    private final File file;
    private final List<DmaBufAttachment> attachments = new ArrayList<>();
    private String name;
    private int vmappingCounter;
    private long vmapPtr;

    private DmaBuf(Kernel kernel, String expName, DmaBufOps ops, long size, int flags, Object priv) {
        this.kernel = kernel;
        this.expName = expName;
        this.ops = ops;
        this.size = size;
        this.priv = priv;
        this.file = new File(FILE_NAME, null, DmaBufFile.OPS, flags, kernel.objects());
        this.file.privateData = this;
    }

    /**
     * dma_buf_export: wraps an exporter's buffer in a new dma-buf whose file has f_flags
     * {@code flags}. The caller owns the file's single reference (give it to {@link #fd} or
     * {@link #put} it).
     */
    public static DmaBuf export(Kernel k, String expName, DmaBufOps ops, long size, int flags, Object priv) {
        if (ops == null || size == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        DmaBuf d = new DmaBuf(k, expName, ops, size, flags, priv);
        k.objects().created(d);
        DmaBufRegistry.of(k).add(d);
        return d;
    }

    /** dma_buf_fd: installs the dma-buf's file (consuming the caller's reference) in current's table. */
    public static int fd(Task current, DmaBuf dmabuf, int fdFlags) {
        return current.files().install(dmabuf.file, (fdFlags & OpenFlags.O_CLOEXEC) != 0);
    }

    /** dma_buf_get: EBADF if {@code fd} is not open, EINVAL if it is not a dma-buf. */
    public static DmaBuf get(Task current, int fd) {
        File f = current.files().fget(fd);
        if (!(f.privateData instanceof DmaBuf d) || f.ops() != DmaBufFile.OPS) {
            f.put();
            throw new KernelError(Errno.EINVAL);
        }
        return d;
    }

    /** The dma-buf behind an open file, or null. */
    public static DmaBuf fromFile(File f) {
        return f.ops() == DmaBufFile.OPS ? (DmaBuf) f.privateData : null;
    }

    /** get_dma_buf: one more reference on the file. */
    public DmaBuf getRef() {
        file.get();
        return this;
    }

    /** dma_buf_put. */
    public void put() {
        file.put();
    }

    void released() {
        ops.release(this);
        DmaBufRegistry.of(kernel).remove(this);
        kernel.objects().destroyed(this);
    }

    public Kernel kernel() {
        return kernel;
    }

    public long size() {
        return size;
    }

    public DmaBufOps ops() {
        return ops;
    }

    public String expName() {
        return expName;
    }

    public File file() {
        return file;
    }

    public synchronized String name() {
        return name;
    }

    synchronized void setName(String n) {
        if (!attachments.isEmpty()) {
            throw new KernelError(Errno.EBUSY);
        }
        name = n;
    }

    public synchronized List<DmaBufAttachment> attachments() {
        return List.copyOf(attachments);
    }

    // ------------------------------------------------------------ importer API

    /** dma_buf_attach. */
    public DmaBufAttachment attach(String dev) {
        DmaBufAttachment a = new DmaBufAttachment(this, dev);
        ops.attach(this, a);
        synchronized (this) {
            attachments.add(a);
        }
        return a;
    }

    /** dma_buf_detach. */
    public void detach(DmaBufAttachment a) {
        synchronized (this) {
            if (!attachments.remove(a)) {
                throw new IllegalStateException("detach of unknown " + a);
            }
        }
        ops.detach(this, a);
    }

    /** dma_buf_map_attachment: ENOMEM when the exporter returns no table. */
    public SgTable mapAttachment(DmaBufAttachment a, int direction) {
        SgTable t = ops.mapDmaBuf(a, direction);
        if (t == null) {
            throw new KernelError(Errno.ENOMEM);
        }
        a.mapped = t;
        return t;
    }

    public void unmapAttachment(DmaBufAttachment a, SgTable t, int direction) {
        ops.unmapDmaBuf(a, t, direction);
        a.mapped = null;
    }

    public void beginCpuAccess(int direction) {
        ops.beginCpuAccess(this, direction);
    }

    public void endCpuAccess(int direction) {
        ops.endCpuAccess(this, direction);
    }

    /** dma_buf_kmap: 0 (NULL) when the exporter cannot. */
    public long kmap(long pageNum) {
        return ops.kmap(this, pageNum);
    }

    public void kunmap(long pageNum, long vaddr) {
        ops.kunmap(this, pageNum, vaddr);
    }

    /** dma_buf_vmap: refcounted per dma-buf; 0 (NULL) when the exporter has no vmap. */
    public synchronized long vmap() {
        if (vmappingCounter > 0) {
            vmappingCounter++;
            return vmapPtr;
        }
        long p = ops.vmap(this);
        if (p == 0) {
            return 0;
        }
        vmapPtr = p;
        vmappingCounter = 1;
        return p;
    }

    public synchronized void vunmap(long vaddr) {
        if (vmappingCounter == 0 || vaddr != vmapPtr) {
            throw new IllegalStateException("vunmap without vmap");
        }
        if (--vmappingCounter == 0) {
            ops.vunmap(this, vmapPtr);
            vmapPtr = 0;
        }
    }

    @Override
    public String toString() {
        return "dmabuf(" + expName + ", " + size + ")";
    }
}
