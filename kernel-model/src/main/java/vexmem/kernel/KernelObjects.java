package vexmem.kernel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry of live kernel objects (files, ION buffers, dma-bufs, clients ...) so that shutdown can
 * prove every one was freed and name the ones that leaked. Objects register on creation and
 * deregister on their final release.
 */
public final class KernelObjects {
    private final Map<Object, String> live = new IdentityHashMap<>();

    public synchronized void created(Object o) {
        live.put(o, o.getClass().getSimpleName());
    }

    public synchronized void destroyed(Object o) {
        if (live.remove(o) == null) {
            throw new IllegalStateException("double free of " + o);
        }
    }

    public synchronized List<String> leaks() {
        List<String> out = new ArrayList<>();
        for (var e : live.entrySet()) {
            out.add(e.getValue() + " " + e.getKey());
        }
        out.sort(null);
        return out;
    }

    public synchronized int count() {
        return live.size();
    }
}
