package vexmem.kernel.dmabuf;

import vexmem.kernel.uapi.UserStruct;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/** dma_buf_fops: the file operations of every dma-buf file. */
final class DmaBufFile implements FileOperations {
    static final DmaBufFile OPS = new DmaBufFile();

    public static final int DMA_BUF_IOCTL_SYNC = 0x40086200;
    public static final int DMA_BUF_SET_NAME_A = 0x40046201;
    public static final int DMA_BUF_SET_NAME_B = 0x40086201;
    public static final int DMA_BUF_NAME_LEN = 32;
    public static final long SYNC_READ = 1, SYNC_WRITE = 2, SYNC_RW = 3, SYNC_START = 0, SYNC_END = 4,
            SYNC_VALID_FLAGS_MASK = 7;

    private DmaBufFile() {
    }

    @Override
    public void release(File file) {
        ((DmaBuf) file.privateData).released();
    }

    @Override
    public void mmap(Task current, File file, Vma vma) {
        DmaBuf d = (DmaBuf) file.privateData;
        long pages = vma.pageCount();
        // dma_buf_mmap_internal; a wrapping pgoff + pages never gets here (do_mmap: EOVERFLOW)
        if (vma.pgoff() + pages > (d.size() >>> PageSize.PAGE_SHIFT)) {
            throw new KernelError(Errno.EINVAL);
        }
        d.ops().mmap(current, d, vma);
    }

    /** dma_buf_llseek: SEEK_END or SEEK_SET with offset 0 only. */
    @Override
    public long llseek(Task current, File file, long offset, int whence) {
        DmaBuf d = (DmaBuf) file.privateData;
        if (offset != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long base;
        if (whence == 2) {
            base = d.size();
        } else if (whence == 0) {
            base = 0;
        } else {
            throw new KernelError(Errno.EINVAL);
        }
        return base; // dma_buf_llseek returns the offset without moving f_pos
    }

    @Override
    public long unlockedIoctl(Task current, File file, int cmd, long arg) {
        DmaBuf d = (DmaBuf) file.privateData;
        switch (cmd) {
            case DMA_BUF_IOCTL_SYNC -> {
                long flags = UserStruct.copyIn(current, arg, 8).getU64(0);
                if ((flags & ~SYNC_VALID_FLAGS_MASK) != 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                int direction;
                switch ((int) (flags & SYNC_RW)) {
                    case (int) SYNC_READ -> direction = DmaDirection.FROM_DEVICE;
                    case (int) SYNC_WRITE -> direction = DmaDirection.TO_DEVICE;
                    case (int) SYNC_RW -> direction = DmaDirection.BIDIRECTIONAL;
                    default -> throw new KernelError(Errno.EINVAL);
                }
                if ((flags & SYNC_END) != 0) {
                    d.endCpuAccess(direction);
                } else {
                    d.beginCpuAccess(direction);
                }
                return 0;
            }
            case DMA_BUF_SET_NAME_A, DMA_BUF_SET_NAME_B -> {
                String name;
                try {
                    name = current.mm().strncpyFromUser(arg & 0xffffffffL, DMA_BUF_NAME_LEN);
                } catch (KernelError e) {
                    throw new KernelError(e.errno() == Errno.ENAMETOOLONG ? Errno.EINVAL : e.errno());
                }
                d.setName(name);
                return 0;
            }
            default -> throw new KernelError(Errno.ENOTTY);
        }
    }
}
