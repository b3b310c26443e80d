package vexmem.kernel.ion;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.Ioc;
import vexmem.kernel.uapi.UserStruct;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.task.Task;

import static vexmem.kernel.ion.IonUapi.*;

/**
 * /dev/ion's file operations: open creates a client named by the tgid, release destroys it, and
 * ioctl is 4.9's dispatcher (ion-ioctl.c) in the same order of checks, so the same errno wins.
 */
public final class IonIoctl implements FileOperations {
    private final IonDevice dev;

    public IonIoctl(IonDevice dev) {
        this.dev = dev;
    }

    @Override
    public void open(Task current, File file) {
        file.privateData = dev.createClient(Integer.toString(current.tgid()), current);
    }

    @Override
    public void release(File file) {
        dev.ionClientDestroy((IonClient) file.privateData);
    }

    /** ion_ioctl_dir: SYNC, FREE and CUSTOM copy nothing back. */
    private static int dir(int cmd) {
        return switch (cmd) {
            case ION_IOC_SYNC, ION_IOC_FREE, ION_IOC_CUSTOM -> Ioc.WRITE;
            default -> Ioc.dir(cmd);
        };
    }

    @Override
    public long unlockedIoctl(Task current, File file, int cmd, long arg) {
        IonClient client = (IonClient) file.privateData;
        int dir = dir(cmd);
        int size = Ioc.size(cmd);
        if (size > ION_IOCTL_ARG_SIZE) {
            throw new KernelError(Errno.EINVAL);
        }
        UserStruct data = new UserStruct(ION_IOCTL_ARG_SIZE);
        byte[] in = current.mm().copyFromUser(arg, size);
        System.arraycopy(in, 0, data.bytes(), 0, size);
        if (cmd == ION_IOC_HEAP_QUERY
                && (data.getS32(4) != 0 || data.getS32(16) != 0 || data.getS32(20) != 0)) {
            dev.kernel().log().warn("ion: HEAP_QUERY with non-zero reserved field");
            throw new KernelError(Errno.EINVAL);
        }
        if ((dir & Ioc.WRITE) == 0) {
            data.zero();
        }
        IonHandle allocated = null;
        int ret;
        switch (cmd) {
            case ION_IOC_ALLOC -> {
                IonHandle h = dev.ionAlloc(client, data.getU32(0), data.getU32(4), data.getS32(8), data.getS32(12));
                data.putU32(16, h.id());
                allocated = h;
                ret = 0;
            }
            case ION_IOC_FREE -> {
                dev.ionFreeId(client, data.getS32(0));
                ret = 0;
            }
            case ION_IOC_SHARE, ION_IOC_MAP -> {
                IonHandle h = client.byId(data.getS32(0));
                try {
                    int fd = dev.ionShareDmaBufFd(current, client, h);
                    data.putU32(4, fd);
                    ret = 0;
                } catch (KernelError e) {
                    data.putU32(4, -e.errno());
                    ret = -e.errno();
                }
            }
            case ION_IOC_IMPORT -> {
                try {
                    IonHandle h = dev.ionImportDmaBufFd(current, client, data.getS32(4));
                    data.putU32(0, h.id());
                    ret = 0;
                } catch (KernelError e) {
                    ret = -e.errno(); // 4.9 still copies the struct back before returning it
                }
            }
            case ION_IOC_SYNC -> {
                dev.ionSyncForDevice(current, data.getS32(4));
                ret = 0;
            }
            case ION_IOC_CUSTOM -> {
                IonDevice.CustomIoctl c = dev.customIoctl();
                if (c == null) {
                    throw new KernelError(Errno.ENOTTY);
                }
                ret = (int) c.ioctl(current, client, data.getS32(0), data.getU32(4));
            }
            case ION_IOC_HEAP_QUERY -> ret = heapQuery(current, data);
            default -> throw new KernelError(Errno.ENOTTY);
        }
        if ((dir & Ioc.READ) != 0) {
            try {
                current.mm().copyToUser(arg, data.bytes(), 0, size);
            } catch (KernelError e) {
                if (allocated != null) {
                    dev.ionFree(client, allocated);
                }
                throw e;
            }
        }
        if (ret < 0) {
            throw new KernelError(-ret);
        }
        return ret;
    }

    /**
     * ion_query_heaps as mainline 4.9 has it: the result starts as -EINVAL and is never reset, so a
     * query with a buffer copies its records and cnt back and still fails with EINVAL.
     */
    private int heapQuery(Task current, UserStruct query) {
        var heaps = dev.heaps();
        long buffer = query.getU64(8) & 0xffffffffL; // u64_to_user_ptr truncates to a 32-bit pointer
        if (buffer == 0) {
            query.putU32(0, heaps.size());
            return 0;
        }
        if (query.getS32(0) == 0) {
            return -Errno.EINVAL;
        }
        // max_cnt is an int: a cnt of 0x80000000 or more is negative there, so the check after the
        // first record stops the walk.
        int maxCnt = query.getS32(0);
        int written = 0;
        for (IonHeap h : heaps) {
            UserStruct hd = new UserStruct(ION_HEAP_DATA_SIZE);
            hd.putCString(0, MAX_HEAP_NAME, h.name());
            hd.putU32(32, h.type());
            hd.putU32(36, h.id());
            hd.copyOut(current, buffer + (long) written * ION_HEAP_DATA_SIZE);
            written++;
            if (written >= maxCnt) {
                break;
            }
        }
        query.putU32(0, written);
        return -Errno.EINVAL;
    }
}
