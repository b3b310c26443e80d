package vexmem.kernel.mm;

import vexmem.kernel.Kernel;

/** /proc/meminfo and /proc/iomem text. STUB: bodies come with the mm work. */
public final class MemInfo {
    private MemInfo() {
    }

    public static String meminfo(Kernel k) { throw new UnsupportedOperationException(); }

    public static String iomem(Kernel k) { throw new UnsupportedOperationException(); }
}
