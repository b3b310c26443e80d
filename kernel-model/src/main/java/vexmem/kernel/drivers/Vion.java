package vexmem.kernel.drivers;

import vexmem.board.DeviceSpec;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.fs.MiscDevices;
import vexmem.kernel.ion.IonClient;
import vexmem.kernel.ion.IonDevice;
import vexmem.kernel.ion.IonHandle;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.task.Task;

/**
 * Document 001's vion driver (/dev/vion_dev): single open; REGISTER imports an ION dma-buf fd into
 * the driver's kernel client; write() copies the user's string into the buffer through its physical
 * address; read() copies the buffer back to the user (the direction the document meant).
 */
public final class Vion implements FileOperations {
    public static final String COMPATIBLE = "vexmem,vion";
    public static final String NAME = "vion_dev";
    public static final int VION_REGISTER_ION = 0x40045601, VION_UNREGISTER_ION = 0x40045602;
    private static final Object OPENED = new Object();

    private final Kernel kernel;
    private final IonDevice ion;
    private IonClient client;
    private IonHandle handle;
    private boolean busy;

    private Vion(Kernel kernel, IonDevice ion) {
        this.kernel = kernel;
        this.ion = ion;
    }

    static Runnable probe(Kernel k, DeviceSpec spec) {
        Vion drv = new Vion(k, k.service(IonDevice.class));
        k.service(MiscDevices.class).register(NAME, drv);
        return () -> {
            k.service(MiscDevices.class).deregister(NAME);
            drv.teardown();
        };
    }

    private synchronized void teardown() {
        if (handle != null) {
            ion.ionFree(client, handle);
            handle = null;
        }
        if (client != null) {
            ion.ionClientDestroy(client);
            client = null;
        }
    }

    @Override
    public synchronized void open(Task current, File file) {
        if (busy) {
            throw new KernelError(Errno.EBUSY);
        }
        busy = true;
        file.privateData = OPENED;
    }

    @Override
    public synchronized void release(File file) {
        if (file.privateData == OPENED) {
            busy = false;
        }
    }

    @Override
    public synchronized long unlockedIoctl(Task current, File file, int cmd, long arg) {
        switch (cmd) {
            case VION_REGISTER_ION -> {
                int fd = current.mm().getUserInt(arg);
                if (client == null) {
                    // ion_client_create in the ioctl: the client records the caller's group leader,
                    // so debugfs shows that process's comm and pid, not "vion".
                    client = ion.createClient("vion", current);
                }
                if (handle != null) {
                    ion.ionFree(client, handle);
                    handle = null;
                }
                handle = ion.ionImportDmaBufFd(current, client, fd);
                return 0;
            }
            case VION_UNREGISTER_ION -> {
                current.mm().getUserInt(arg);
                if (handle == null) {
                    throw new KernelError(Errno.EINVAL);
                }
                ion.ionFree(client, handle);
                handle = null;
                return 0;
            }
            default -> throw new KernelError(Errno.ENOTTY);
        }
    }

    @Override
    public synchronized long write(Task current, File file, long ubuf, long count) {
        if (handle == null) {
            kernel.log().info("Need to ready buffer for read");
            return 0;
        }
        long[] phys;
        try {
            phys = ion.ionPhys(client, handle);
        } catch (KernelError e) {
            kernel.log().err("vion: ion_phys failed: %s", vexmem.kernel.Errno.name(e.errno()));
            return 0;
        }
        int len = (int) Math.min(count, phys[1]);
        byte[] src = current.mm().copyFromUser(ubuf, len);
        byte[] dst = new byte[len];
        for (int i = 0; i < len && src[i] != 0; i++) {
            dst[i] = src[i];
        }
        kernel.log().info("Read : physaddr 0x%x, len 0x%x", phys[0], len);
        // The document writes through phys_to_virt(ion_phys()), which is only valid for lowmem; the
        // kernel mapping of the buffer is the equivalent that also works for highmem CMA and carveout.
        long vaddr = ion.ionMapKernel(client, handle);
        try {
            kernel.service(KernelMap.class).write(vaddr, dst, 0, len);
        } finally {
            ion.ionUnmapKernel(client, handle);
        }
        return len;
    }

    @Override
    public synchronized long read(Task current, File file, long ubuf, long count) {
        if (handle == null) {
            return 0;
        }
        int len = (int) Math.min(count, handle.buffer().size());
        long vaddr = ion.ionMapKernel(client, handle);
        try {
            byte[] b = new byte[len];
            kernel.service(KernelMap.class).read(vaddr, b, 0, len);
            current.mm().copyToUser(ubuf, b, 0, len);
        } finally {
            ion.ionUnmapKernel(client, handle);
        }
        return len;
    }
}
