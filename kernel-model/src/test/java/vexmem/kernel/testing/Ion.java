package vexmem.kernel.testing;

import vexmem.kernel.ion.IonUapi;
import vexmem.kernel.task.Task;

/** User-side helpers for /dev/ion (what libion does). */
public final class Ion {
    public final Task t;
    public final int fd;
    public final long arg;

    public Ion(Rig rig, Task t) {
        this.t = t;
        this.fd = rig.openFd(t, "/dev/ion", 0);
        this.arg = Rig.scratch(t, 4096);
    }

    public int alloc(long len, long align, int mask, int flags) {
        Rig.put(t, arg, Rig.le(20).putInt(0, (int) len).putInt(4, (int) align).putInt(8, mask).putInt(12, flags));
        int e = Rig.errno(t, fd, IonUapi.ION_IOC_ALLOC, arg);
        return e != 0 ? -e : Rig.get(t, arg, 20).getInt(16);
    }

    public int free(int handle) {
        Rig.put(t, arg, Rig.le(4).putInt(0, handle));
        return Rig.errno(t, fd, IonUapi.ION_IOC_FREE, arg);
    }

    /** SHARE (or MAP): the new fd, or -errno. */
    public int share(int cmd, int handle) {
        Rig.put(t, arg, Rig.le(8).putInt(0, handle).putInt(4, 0));
        int e = Rig.errno(t, fd, cmd, arg);
        return e != 0 ? -e : Rig.get(t, arg, 8).getInt(4);
    }

    public int share(int handle) {
        return share(IonUapi.ION_IOC_SHARE, handle);
    }

    public int importFd(int dmabufFd) {
        Rig.put(t, arg, Rig.le(8).putInt(0, 0).putInt(4, dmabufFd));
        int e = Rig.errno(t, fd, IonUapi.ION_IOC_IMPORT, arg);
        return e != 0 ? -e : Rig.get(t, arg, 8).getInt(0);
    }

    public void close() {
        t.files().close(fd);
    }
}
