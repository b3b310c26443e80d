package vexmem.kernel.ion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.DmaBuf;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.dmabuf.SgTable;
import vexmem.kernel.fs.OpenFlags;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.task.Task;

/**
 * struct ion_device: the heaps (tried highest id first), the clients and every live buffer. The
 * in-kernel ION API that drivers call lives here; {@link IonIoctl} is the /dev/ion front end.
 */
public final class IonDevice {
    private final Kernel kernel;
    private final List<IonHeap> heaps = new ArrayList<>();
    private final List<IonClient> clients = new ArrayList<>();
    private final List<IonBuffer> buffers = new ArrayList<>();
    /** Platform handler for ION_IOC_CUSTOM; null on this board (→ ENOTTY). */
    private CustomIoctl customIoctl;
    private IonDebugFs debugFs;

    /** The platform's ION_IOC_CUSTOM handler. */
    @FunctionalInterface
    public interface CustomIoctl {
        long ioctl(Task current, IonClient client, int cmd, long arg);
    }

    public IonDevice(Kernel kernel) {
        this.kernel = kernel;
    }

    public Kernel kernel() {
        return kernel;
    }

    void setDebugFs(IonDebugFs d) {
        debugFs = d;
    }

    public synchronized void setCustomIoctl(CustomIoctl c) {
        customIoctl = c;
    }

    synchronized CustomIoctl customIoctl() {
        return customIoctl;
    }

    /** ion_device_add_heap: keeps the list ordered by id, highest first (plist keyed by -id). */
    public synchronized void addHeap(IonHeap heap) {
        heaps.add(heap);
        heaps.sort(Comparator.comparingInt(IonHeap::id).reversed());
        if (debugFs != null) {
            debugFs.heapAdded(heap);
        }
    }

    /** Heaps in the order ALLOC tries them (descending id). */
    public synchronized List<IonHeap> heaps() {
        return List.copyOf(heaps);
    }

    public synchronized List<IonClient> clients() {
        return List.copyOf(clients);
    }

    public synchronized List<IonBuffer> buffers() {
        return List.copyOf(buffers);
    }

    // ------------------------------------------------------------ clients

    /** ion_client_create for a kernel user (no task). */
    public IonClient ionClientCreate(String name) {
        return createClient(name, null);
    }

    /** ion_client_create: display name &lt;name&gt;-&lt;serial&gt;, serial one above the highest live one. */
    public IonClient createClient(String name, Task task) {
        IonClient c;
        synchronized (this) {
            int serial = -1; // ion_get_client_serial
            for (IonClient o : clients) {
                if (o.name().equals(name)) {
                    serial = Math.max(serial, o.displaySerial());
                }
            }
            c = new IonClient(this, name, serial + 1, task);
            clients.add(c);
        }
        kernel.objects().created(c);
        if (debugFs != null) {
            debugFs.clientAdded(c);
        }
        return c;
    }

    /** ion_client_destroy: frees every handle whatever its refcount. */
    public void ionClientDestroy(IonClient c) {
        synchronized (this) {
            if (c.destroyed) {
                throw new IllegalStateException("double destroy of " + c);
            }
            c.destroyed = true;
        }
        c.destroyAllHandles();
        synchronized (this) {
            clients.remove(c);
        }
        if (debugFs != null) {
            debugFs.clientRemoved(c);
        }
        kernel.objects().destroyed(c);
    }

    // ------------------------------------------------------------ buffers

    private IonBuffer createBuffer(IonHeap heap, long len, long align, int flags) {
        IonBuffer b = new IonBuffer(this, heap, len, flags);
        heap.allocate(b, len, align, flags);
        if (b.sgTable() == null) {
            heap.free(b);
            throw new KernelError(Errno.EINVAL);
        }
        // Every heap hands out zeroed memory; make sure of it whatever the heap's source.
        for (Scatterlist sg : b.sgTable().entries()) {
            kernel.physicalMemory().zeroPages(sg.phys(), PageSize.pageAlign(sg.length()));
        }
        kernel.objects().created(b);
        synchronized (this) {
            buffers.add(b);
        }
        return b;
    }

    void destroyBuffer(IonBuffer b) {
        if (b.kmapCnt > 0) {
            kernel.log().warn("ion: buffer %s destroyed with kmap count %d", b, b.kmapCnt);
            b.heap().unmapKernel(b);
            b.kmapCnt = 0;
        }
        b.heap().free(b);
        synchronized (this) {
            buffers.remove(b);
        }
        kernel.objects().destroyed(b);
    }

    /**
     * ion_alloc: length page-aligned (32-bit size_t, 0 → EINVAL); heaps tried from the highest id,
     * those outside {@code heapIdMask} skipped; ENODEV when none matched, else the last heap's error.
     */
    public IonHandle ionAlloc(IonClient client, long len, long align, int heapIdMask, int flags) {
        long aligned = (len + PageSize.PAGE_SIZE - 1) & 0xfffff000L;
        if (aligned == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        IonBuffer buffer = null;
        KernelError last = new KernelError(Errno.ENODEV);
        for (IonHeap heap : heaps()) {
            if (((1 << heap.id()) & heapIdMask) == 0) {
                continue;
            }
            try {
                buffer = createBuffer(heap, aligned, align & 0xffffffffL, flags);
                break;
            } catch (KernelError e) {
                last = e;
            }
        }
        if (buffer == null) {
            throw last;
        }
        IonHandle h = client.createHandle(buffer);
        buffer.put(); // the handle holds the buffer now
        return h;
    }

    private void validate(IonClient client, IonHandle h) {
        if (!client.isValid(h)) {
            throw new KernelError(Errno.EINVAL);
        }
    }

    /** ion_free: drops one reference; EINVAL when the handle is not live in this client. */
    public void ionFree(IonClient client, IonHandle h) {
        validate(client, h);
        client.handlePut(h);
    }

    /** ION_IOC_FREE by id. */
    public void ionFreeId(IonClient client, int id) {
        client.handlePut(client.byId(id));
    }

    /**
     * ion_buffer_kmap_get: any non-zero count (even a negative one left by an unbalanced
     * end_cpu_access) is bumped and the current vaddr returned, as 4.9 does.
     */
    long bufferKmapGet(IonBuffer b) {
        synchronized (b) {
            if (b.kmapCnt != 0) {
                b.kmapCnt++;
                return b.vaddr;
            }
            long v = b.heap().mapKernel(b);
            if (v == 0) {
                throw new KernelError(Errno.ENOMEM);
            }
            b.vaddr = v;
            b.kmapCnt = 1;
            return v;
        }
    }

    /**
     * ion_buffer_kmap_put: 4.9 decrements without checking, so DMA_BUF_IOCTL_SYNC with END and no
     * START leaves the count at -1 (visible in debugfs) and unmaps nothing.
     */
    void bufferKmapPut(IonBuffer b) {
        synchronized (b) {
            if (--b.kmapCnt == 0) {
                b.heap().unmapKernel(b);
                b.vaddr = 0;
            }
        }
    }

    /**
     * ion_map_kernel: kernel virtual address of the buffer. A handle holds at most one buffer kmap
     * reference whatever its own count (ion_handle_kmap_get/put).
     */
    public long ionMapKernel(IonClient client, IonHandle h) {
        validate(client, h);
        synchronized (client) {
            if (h.kmapCnt == 0) {
                long v = bufferKmapGet(h.buffer());
                h.kmapCnt = 1;
                return v;
            }
            h.kmapCnt++;
            synchronized (h.buffer()) {
                return h.buffer().vaddr;
            }
        }
    }

    /** ion_unmap_kernel: the handle's last unmap drops its buffer kmap; a double unmap is ignored (WARN). */
    public void ionUnmapKernel(IonClient client, IonHandle h) {
        validate(client, h);
        synchronized (client) {
            if (h.kmapCnt == 0) {
                kernel.log().warn("ion_handle_kmap_put: Double unmap detected! bailing...");
                return;
            }
            if (--h.kmapCnt == 0) {
                bufferKmapPut(h.buffer());
            }
        }
    }

    public SgTable ionSgTable(IonClient client, IonHandle h) {
        validate(client, h);
        return h.buffer().sgTable();
    }

    /** Vendor ion_phys: {phys, len}; EINVAL bad handle, ENODEV for heaps without contiguous memory. */
    public long[] ionPhys(IonClient client, IonHandle h) {
        validate(client, h);
        return h.buffer().heap().phys(h.buffer());
    }

    /** ion_share_dma_buf: a new dma-buf (file O_RDWR) holding its own buffer reference. */
    public DmaBuf ionShareDmaBuf(IonClient client, IonHandle h) {
        validate(client, h);
        IonBuffer b = h.buffer();
        b.get();
        try {
            return DmaBuf.export(kernel, "ion", IonDmaBufOps.INSTANCE, b.size(), OpenFlags.O_RDWR, b);
        } catch (KernelError e) {
            b.put();
            throw e;
        }
    }

    /** ion_share_dma_buf_fd: installs the new dma-buf with O_CLOEXEC in {@code current}. */
    public int ionShareDmaBufFd(Task current, IonClient client, IonHandle h) {
        DmaBuf d = ionShareDmaBuf(client, h);
        try {
            return DmaBuf.fd(current, d, OpenFlags.O_CLOEXEC);
        } catch (KernelError e) {
            d.put();
            throw e;
        }
    }

    /** ion_import_dma_buf: EINVAL when not exported by ION; an existing handle gains a reference. */
    public IonHandle ionImportDmaBuf(IonClient client, DmaBuf dmabuf) {
        if (dmabuf.ops() != IonDmaBufOps.INSTANCE) {
            throw new KernelError(Errno.EINVAL);
        }
        IonBuffer b = (IonBuffer) dmabuf.priv;
        synchronized (client) {
            IonHandle h = client.byBuffer(b);
            if (h != null) {
                client.handleGet(h);
                return h;
            }
            return client.createHandle(b);
        }
    }

    /** ion_import_dma_buf_fd: EBADF when the fd is not open, EINVAL when it is not an ION dma-buf. */
    public IonHandle ionImportDmaBufFd(Task current, IonClient client, int fd) {
        DmaBuf d = DmaBuf.get(current, fd);
        try {
            return ionImportDmaBuf(client, d);
        } finally {
            d.put();
        }
    }

    /** ion_sync_for_device: EBADF/EINVAL as import; the model has no caches to flush. */
    public void ionSyncForDevice(Task current, int fd) {
        DmaBuf d = DmaBuf.get(current, fd);
        try {
            if (d.ops() != IonDmaBufOps.INSTANCE) {
                throw new KernelError(Errno.EINVAL);
            }
        } finally {
            d.put();
        }
    }

    /** Leak report for shutdown. */
    List<String> leaks() {
        List<String> out = new ArrayList<>();
        for (IonClient c : clients()) {
            out.add("ion client not destroyed: " + c.displayName());
        }
        for (IonBuffer b : buffers()) {
            out.add("ion buffer not freed: " + b + " (refcount " + b.refcount() + ", handles " + b.handleCount() + ")");
        }
        for (IonHeap h : heaps()) {
            out.addAll(h.leaks());
        }
        return out;
    }
}
