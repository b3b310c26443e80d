package vexmem.kernel.drivers;

import vexmem.board.DeviceSpec;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.DmaBuf;
import vexmem.kernel.dmabuf.DmaBufAttachment;
import vexmem.kernel.dmabuf.DmaDirection;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.dmabuf.SgTable;
import vexmem.kernel.uapi.UserStruct;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.fs.MiscDevices;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.task.Task;

/**
 * Document 002's heap_test importer (/dev/heap_test): takes a dma-buf fd, attaches, maps the
 * attachment, reports the sg table, vmaps and clears the buffer, then undoes everything.
 */
public final class HeapTest implements FileOperations {
    public static final String COMPATIBLE = "vexmem,heap-test";
    public static final String NAME = "heap_test";
    public static final int HEAP_TEST_IOCTL_MAP = 0xC0206801;
    static final int SIZE = 32;

    private final Kernel kernel;

    private HeapTest(Kernel kernel) {
        this.kernel = kernel;
    }

    static Runnable probe(Kernel k, DeviceSpec spec) {
        k.service(MiscDevices.class).register(NAME, new HeapTest(k));
        return () -> k.service(MiscDevices.class).deregister(NAME);
    }

    @Override
    public long unlockedIoctl(Task current, File file, int cmd, long arg) {
        if (cmd != HEAP_TEST_IOCTL_MAP) {
            throw new KernelError(Errno.ENOTTY);
        }
        UserStruct data = UserStruct.copyIn(current, arg, SIZE);
        if (data.getS32(28) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        DmaBuf d = DmaBuf.get(current, data.getS32(0));
        try {
            long want = data.getU64(8);
            if (want != 0 && want != d.size()) {
                throw new KernelError(Errno.EINVAL);
            }
            DmaBufAttachment a = d.attach(NAME);
            try {
                SgTable t = d.mapAttachment(a, DmaDirection.BIDIRECTIONAL);
                try {
                    int i = 0;
                    for (Scatterlist s : t.entries()) {
                        kernel.log().info("heap_test: sg[%d] dma 0x%x len 0x%x", i++, s.dmaAddress(), s.length());
                    }
                    long vaddr = d.vmap();
                    if (vaddr == 0) {
                        throw new KernelError(Errno.ENOMEM);
                    }
                    try {
                        long total = t.totalLength();
                        byte[] zeros = new byte[(int) Math.min(total, 1 << 20)];
                        KernelMap km = kernel.service(KernelMap.class);
                        for (long off = 0; off < total; off += zeros.length) {
                            km.write(vaddr + off, zeros, 0, (int) Math.min(zeros.length, total - off));
                        }
                        data.putU32(4, t.nents());
                        data.putU64(8, total);
                        Scatterlist first = t.entries().get(0);
                        data.putU64(16, first.dmaAddress());
                        data.putU32(24, first.length());
                    } finally {
                        d.vunmap(vaddr);
                    }
                } finally {
                    d.unmapAttachment(a, t, DmaDirection.BIDIRECTIONAL);
                }
            } finally {
                d.detach(a);
            }
        } finally {
            d.put();
        }
        data.copyOut(current, arg);
        return 0;
    }
}
