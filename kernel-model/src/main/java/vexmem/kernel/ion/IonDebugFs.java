package vexmem.kernel.ion;

import java.util.TreeMap;
import vexmem.kernel.fs.DebugFs;

/** /sys/kernel/debug/ion: heaps/&lt;name&gt; and clients/&lt;name&gt;-&lt;serial&gt; in 4.9's format. */
final class IonDebugFs {
    static final String DASHES = "----------------------------------------------------\n";

    private final IonDevice dev;
    private final DebugFs debugfs;

    IonDebugFs(IonDevice dev, DebugFs debugfs) {
        this.dev = dev;
        this.debugfs = debugfs;
        debugfs.createDir("ion");
        debugfs.createDir("ion/heaps");
        debugfs.createDir("ion/clients");
    }

    void heapAdded(IonHeap heap) {
        debugfs.createFile("ion/heaps/" + heap.name(), 0664, () -> heapShow(dev, heap), null);
        if (heap.hasShrinker()) {
            debugfs.createFile("ion/heaps/" + heap.name() + "_shrink", 0644,
                    () -> heap.shrinkCount() + "\n",
                    s -> shrinkSet(heap, simpleStrtoll(s)));
        }
    }

    /** debug_shrink_set: 0 scans as many objects as the count reports; nr_to_scan is an int by then. */
    static void shrinkSet(IonHeap heap, long val) {
        long nr = val == 0 ? heap.shrinkCount() : val;
        heap.shrinkScan((int) nr);
    }

    /**
     * simple_strtoll(buf, NULL, 0) as 4.9's simple_attr_write uses it: optional '-', then 0x/0
     * prefixes pick hex/octal, digits are read up to the first non-digit; nothing parsed is 0.
     */
    static long simpleStrtoll(String s) {
        int i = 0;
        boolean neg = false;
        if (i < s.length() && s.charAt(i) == '-') {
            neg = true;
            i++;
        }
        int radix = 10;
        if (i < s.length() && s.charAt(i) == '0') {
            if (i + 2 < s.length() && (s.charAt(i + 1) | 0x20) == 'x' && hexDigit(s.charAt(i + 2))) {
                radix = 16;
                i += 2;
            } else {
                radix = 8;
            }
        }
        long v = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = hexDigit(c) ? Character.digit(c, 16) : 99;
            if (d >= radix) {
                break;
            }
            v = v * radix + d;
        }
        return neg ? -v : v;
    }

    private static boolean hexDigit(char c) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
    }

    void clientAdded(IonClient c) {
        debugfs.createFile("ion/clients/" + c.displayName(), 0664, () -> clientShow(c), null);
    }

    void clientRemoved(IonClient c) {
        debugfs.remove("ion/clients/" + c.displayName());
    }

    void removeAll() {
        debugfs.remove("ion");
    }

    private static String col(String s) {
        return String.format("%16s", s);
    }

    /** ion_debug_heap_show. */
    static String heapShow(IonDevice dev, IonHeap heap) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%16s %16s %16s\n", "client", "pid", "size"));
        sb.append(DASHES);
        for (IonClient c : dev.clients()) {
            long size = 0;
            for (IonHandle h : c.handles()) {
                if (h.buffer().heap() == heap) {
                    size += h.buffer().size();
                }
            }
            if (size == 0) {
                continue;
            }
            sb.append(String.format("%16s %16d %16d\n", c.debugName(), c.pid(), size));
        }
        sb.append(DASHES);
        sb.append("orphaned allocations (info is from last known client):\n");
        long total = 0;
        long orphaned = 0;
        for (IonBuffer b : dev.buffers()) {
            if (b.heap() != heap) {
                continue;
            }
            total += b.size();
            synchronized (b) {
                if (b.handleCount == 0) {
                    sb.append(String.format("%16s %16d %16d %d %d\n", b.taskComm, b.pid, b.size(), b.kmapCnt, b.refcount));
                    orphaned += b.size();
                }
            }
        }
        sb.append(DASHES);
        sb.append(String.format("%16s %16d\n", "total orphaned", orphaned));
        sb.append(String.format("%16s %16d\n", "total ", total));
        if (heap.deferFree()) {
            sb.append(String.format("%16s %16d\n", "deferred free", heap.freeListSize));
        }
        sb.append(DASHES);
        String extra = heap.debugShow();
        if (extra != null) {
            sb.append(extra);
        }
        return sb.toString();
    }

    /** ion_debug_client_show. */
    static String clientShow(IonClient c) {
        TreeMap<Integer, String> names = new TreeMap<>();
        TreeMap<Integer, Long> sizes = new TreeMap<>();
        for (IonHandle h : c.handles()) {
            IonHeap heap = h.buffer().heap();
            names.putIfAbsent(heap.id(), heap.name());
            sizes.merge(heap.id(), h.buffer().size(), Long::sum);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%16.16s: %16.16s\n", "heap_name", "size_in_bytes"));
        for (var e : names.entrySet()) {
            sb.append(String.format("%16.16s: %16d\n", e.getValue(), sizes.get(e.getKey())));
        }
        return sb.toString();
    }
}
