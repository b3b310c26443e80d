package vexmem.kernel.net;

import java.util.HashMap;
import java.util.Map;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;

/** Per-kernel AF_UNIX state: the shared socket lock and the abstract namespace. */
public final class UnixSockets {
    public static final int ESOCKTNOSUPPORT = 94;

    final Object lock = new Object();
    private final Map<String, UnixSocket> abstractNames = new HashMap<>();

    static UnixSockets of(Kernel k) {
        synchronized (k) {
            return k.findService(UnixSockets.class).orElseGet(() -> {
                UnixSockets s = new UnixSockets();
                k.register(UnixSockets.class, s);
                return s;
            });
        }
    }

    void bindAbstract(String name, UnixSocket s) {
        if (abstractNames.containsKey(name)) {
            throw new KernelError(Errno.EADDRINUSE);
        }
        abstractNames.put(name, s);
    }

    UnixSocket findAbstract(String name) {
        return abstractNames.get(name);
    }

    void unbindAbstract(String name, UnixSocket s) {
        abstractNames.remove(name, s);
    }
}
