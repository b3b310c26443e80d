package vexmem.kernel.dmaheap;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.DmaBuf;
import vexmem.kernel.dmabuf.Ioc;
import vexmem.kernel.uapi.UserStruct;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.task.Task;

/**
 * struct dma_heap and its character device /dev/dma_heap/&lt;name&gt; (5.10 dma-heap.c). The ioctl
 * examines only _IOC_NR: nr ≥ 1 → EINVAL, any nr 0 is ALLOC, copied in/out as the caller's dir and
 * size bits say.
 */
public final class DmaHeap implements FileOperations {
    public static final int DMA_HEAP_IOCTL_ALLOC = 0xC0184800;
    public static final int DMA_HEAP_VALID_FD_FLAGS = 0x80003;
    public static final long DMA_HEAP_VALID_HEAP_FLAGS = 0;
    private static final int ALLOC_SIZE = 24;

    private final String name;
    private final DmaHeapOps ops;

    public DmaHeap(String name, DmaHeapOps ops) {
        this.name = name;
        this.ops = ops;
    }

    public String name() {
        return name;
    }

    public DmaHeapOps ops() {
        return ops;
    }

    @Override
    public void open(Task current, File file) {
        file.privateData = this;
    }

    /** dma_heap_buffer_alloc + dma_buf_fd. */
    public int bufferAllocFd(Task current, long len, int fdFlags, long heapFlags) {
        DmaBuf d = bufferAlloc(len, fdFlags, heapFlags);
        try {
            return DmaBuf.fd(current, d, fdFlags);
        } catch (KernelError e) {
            d.put();
            throw e;
        }
    }

    /** dma_heap_buffer_alloc (the length is a 32-bit size_t on ARM32, so huge values wrap to 0). */
    public DmaBuf bufferAlloc(long len, int fdFlags, long heapFlags) {
        if ((fdFlags & ~DMA_HEAP_VALID_FD_FLAGS) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((heapFlags & ~DMA_HEAP_VALID_HEAP_FLAGS) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long aligned = (PageSize.pageAlign(len & 0xffffffffL)) & 0xffffffffL;
        if (aligned == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        return ops.allocate(this, aligned, fdFlags, heapFlags);
    }

    @Override
    public long unlockedIoctl(Task current, File file, int ucmd, long arg) {
        int nr = Ioc.nr(ucmd);
        if (nr >= 1) {
            throw new KernelError(Errno.EINVAL);
        }
        int kcmd = DMA_HEAP_IOCTL_ALLOC;
        int inSize = Ioc.size(ucmd);
        int outSize = Ioc.size(kcmd);
        int udir = Ioc.dir(ucmd);
        if ((udir & Ioc.WRITE) == 0) {
            inSize = 0;
        }
        if ((udir & Ioc.READ) == 0) {
            outSize = 0;
        }
        int ksize = Math.max(Math.max(inSize, outSize), ALLOC_SIZE);
        UserStruct k = new UserStruct(ksize);
        if (inSize > 0) {
            System.arraycopy(current.mm().copyFromUser(arg, inSize), 0, k.bytes(), 0, inSize);
        }
        int ret = 0;
        try {
            if (k.getS32(8) != 0) {
                throw new KernelError(Errno.EINVAL);
            }
            int fd = bufferAllocFd(current, k.getU64(0), k.getS32(12), k.getU64(16));
            k.putU32(8, fd);
        } catch (KernelError e) {
            ret = -e.errno();
        }
        if (outSize > 0) {
            current.mm().copyToUser(arg, k.bytes(), 0, outSize);
        }
        if (ret < 0) {
            throw new KernelError(-ret);
        }
        return 0;
    }

    @Override
    public String toString() {
        return "dma_heap(" + name + ")";
    }
}
