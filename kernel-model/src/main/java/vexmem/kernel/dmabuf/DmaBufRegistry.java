package vexmem.kernel.dmabuf;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Kernel;

/** The kernel's list of live dma-bufs (db_list), used by the shutdown leak check. */
public final class DmaBufRegistry {
    private final List<DmaBuf> live = new ArrayList<>();

    /** The registry of a kernel, created on first use. */
    public static synchronized DmaBufRegistry of(Kernel k) {
        var r = k.findService(DmaBufRegistry.class);
        if (r.isPresent()) {
            return r.get();
        }
        DmaBufRegistry n = new DmaBufRegistry();
        k.register(DmaBufRegistry.class, n);
        return n;
    }

    synchronized void add(DmaBuf d) {
        live.add(d);
    }

    synchronized void remove(DmaBuf d) {
        live.remove(d);
    }

    public synchronized List<DmaBuf> live() {
        return List.copyOf(live);
    }
}
