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
    private int autobindOrder;

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

    /** unix_autobind's names: five hex digits from a counter, skipping names in use. */
    String bindAutobind(UnixSocket s) {
        for (int tries = 0; tries <= 0xfffff; tries++) {
            String name = String.format("%05x", autobindOrder++ & 0xfffff);
            if (!abstractNames.containsKey(name)) {
                abstractNames.put(name, s);
                return name;
            }
        }
        throw new KernelError(Errno.ENOSPC);
    }

    void unbindAbstract(String name, UnixSocket s) {
        abstractNames.remove(name, s);
    }
}
