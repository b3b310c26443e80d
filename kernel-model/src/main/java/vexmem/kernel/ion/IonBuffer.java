package vexmem.kernel.ion;

import vexmem.kernel.dmabuf.SgTable;

/**
 * struct ion_buffer: memory from one heap, shared by handles and exported dma-bufs. Starts with one
 * reference; each handle and each exported dma-buf holds one more.
 */
public final class IonBuffer {
    private final IonDevice dev;
    private final IonHeap heap;
    private final long size;
    private final int flags;
    private SgTable sgTable;
    /** Heap-private data (priv_virt / priv_phys). */
    public Object priv;
    int refcount = 1;
    int kmapCnt;
    long vaddr;
    /** Number of handles pointing here (0 → orphan while a dma-buf keeps it). */
    int handleCount;
    /** comm and pid of the last task whose handle pointed here (for orphans in debugfs). */
    String taskComm = "";
    int pid;

    IonBuffer(IonDevice dev, IonHeap heap, long size, int flags) {
        this.dev = dev;
        this.heap = heap;
        this.size = size;
        this.flags = flags;
    }

    public IonHeap heap() {
        return heap;
    }

    public long size() {
        return size;
    }

    public int flags() {
        return flags;
    }

    public boolean cached() {
        return (flags & IonUapi.ION_FLAG_CACHED) != 0;
    }

    public SgTable sgTable() {
        return sgTable;
    }

    /** Set by the heap's allocate. */
    public void setSgTable(SgTable t) {
        sgTable = t;
    }

    public synchronized int refcount() {
        return refcount;
    }

    public synchronized int handleCount() {
        return handleCount;
    }

    public synchronized int kmapCount() {
        return kmapCnt;
    }

    IonDevice device() {
        return dev;
    }

    synchronized void get() {
        refcount++;
    }

    /** ion_buffer_put: the last reference frees the memory back to the heap. */
    void put() {
        synchronized (this) {
            if (--refcount > 0) {
                return;
            }
        }
        dev.destroyBuffer(this);
    }

    @Override
    public String toString() {
        return "ion_buffer(" + heap.name() + ", " + size + ")";
    }
}
