package vexmem.kernel.drivers;

import java.nio.charset.StandardCharsets;
import vexmem.board.DeviceSpec;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.DmaBuf;
import vexmem.kernel.dmabuf.DmaDirection;
import vexmem.kernel.dmabuf.Ioc;
import vexmem.kernel.uapi.UserStruct;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.fs.MiscDevices;
import vexmem.kernel.ion.IonClient;
import vexmem.kernel.ion.IonDevice;
import vexmem.kernel.ion.IonHandle;
import vexmem.kernel.ion.IonUapi;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.task.Task;

/**
 * Document 000's dmabuf-test misc driver (/dev/dmabuf-test): a kernel ION client with one page holding
 * "efgh\n"; GET_FD_FROM_KERNEL shares it, GET_FD_FROM_USER reads a user dma-buf through
 * begin_cpu_access + kmap, GET_KERNEL_INFO describes the in-kernel allocation.
 */
public final class DmabufTest implements FileOperations {
    public static final String COMPATIBLE = "vexmem,dmabuf-test";
    public static final String NAME = "dmabuf-test";
    public static final String CLIENT_NAME = "dmabuf-test-client";
    public static final int GET_FD_FROM_USER = 0x40044401, GET_FD_FROM_KERNEL = 0x80044402,
            GET_KERNEL_INFO = 0x80504403;
    static final int HEAP_MASK = 1 << IonUapi.ION_HEAP_TYPE_SYSTEM;
    static final int FLAGS = IonUapi.ION_FLAG_CACHED | IonUapi.ION_FLAG_CACHED_NEEDS_SYNC;
    private static final int MAX_ARG = 80;

    private final Kernel kernel;
    private final IonDevice ion;
    private final IonClient client;
    private final IonHandle handle;

    private DmabufTest(Kernel kernel, IonDevice ion, IonClient client, IonHandle handle) {
        this.kernel = kernel;
        this.ion = ion;
        this.client = client;
        this.handle = handle;
    }

    static Runnable probe(Kernel k, DeviceSpec spec) {
        IonDevice ion = k.service(IonDevice.class);
        IonClient client = ion.ionClientCreate(CLIENT_NAME);
        IonHandle h;
        try {
            h = ion.ionAlloc(client, PageSize.PAGE_SIZE, 0, HEAP_MASK, FLAGS);
        } catch (KernelError e) {
            ion.ionClientDestroy(client);
            throw e;
        }
        long vaddr = ion.ionMapKernel(client, h);
        byte[] text = "efgh\n".getBytes(StandardCharsets.US_ASCII);
        k.service(KernelMap.class).write(vaddr, text, 0, text.length);
        ion.ionUnmapKernel(client, h);
        DmabufTest drv = new DmabufTest(k, ion, client, h);
        k.service(MiscDevices.class).register(NAME, drv);
        return () -> {
            k.service(MiscDevices.class).deregister(NAME);
            ion.ionFree(client, h);
            ion.ionClientDestroy(client);
        };
    }

    @Override
    public long unlockedIoctl(Task current, File file, int cmd, long arg) {
        int size = Ioc.size(cmd);
        if (size > MAX_ARG) {
            throw new KernelError(Errno.EINVAL);
        }
        UserStruct data = new UserStruct(MAX_ARG);
        System.arraycopy(current.mm().copyFromUser(arg, size), 0, data.bytes(), 0, size);
        if ((Ioc.dir(cmd) & Ioc.WRITE) == 0) {
            data.zero();
        }
        switch (cmd) {
            case GET_FD_FROM_USER -> readUserBuffer(current, data.getS32(0));
            case GET_FD_FROM_KERNEL -> {
                int fd;
                try {
                    fd = ion.ionShareDmaBufFd(current, client, handle);
                } catch (KernelError e) {
                    throw new KernelError(Errno.EBADF);
                }
                data.putU32(0, fd);
            }
            case GET_KERNEL_INFO -> {
                data.putU32(0, handle.buffer().size());
                data.putU32(4, HEAP_MASK);
                data.putU32(8, FLAGS);
                data.putU32(12, handle.id());
                data.putCString(16, 32, client.name());
                data.putCString(48, 32, handle.buffer().heap().name());
            }
            default -> throw new KernelError(Errno.ENOTTY);
        }
        if ((Ioc.dir(cmd) & Ioc.READ) != 0) {
            current.mm().copyToUser(arg, data.bytes(), 0, size);
        }
        return 0;
    }

    private void readUserBuffer(Task current, int fd) {
        DmaBuf d;
        try {
            d = DmaBuf.get(current, fd);
        } catch (KernelError e) {
            throw new KernelError(Errno.EINVAL);
        }
        try {
            try {
                d.beginCpuAccess(DmaDirection.BIDIRECTIONAL);
            } catch (KernelError e) {
                throw new KernelError(Errno.EFAULT);
            }
            try {
                long vaddr = d.kmap(0);
                if (vaddr == 0) {
                    throw new KernelError(Errno.EFAULT);
                }
                byte[] page = new byte[(int) Math.min(PageSize.PAGE_SIZE, d.size())];
                kernel.service(KernelMap.class).read(vaddr, page, 0, page.length);
                d.kunmap(0, vaddr);
                int n = 0;
                while (n < page.length && page[n] != 0) {
                    n++;
                }
                String text = new String(page, 0, n, StandardCharsets.ISO_8859_1);
                String firstLine = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                kernel.log().info("buf data:%s", firstLine);
                kernel.log().info("dmabuf-test: read from user buffer: %s", firstLine);
            } finally {
                d.endCpuAccess(DmaDirection.BIDIRECTIONAL);
            }
        } finally {
            d.put();
        }
    }
}
