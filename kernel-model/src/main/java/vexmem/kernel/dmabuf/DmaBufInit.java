package vexmem.kernel.dmabuf;

import vexmem.kernel.Kernel;

/** dma_buf_init: the dma-buf core and its shutdown leak check. */
public final class DmaBufInit {
    private DmaBufInit() {
    }

    public static Runnable init(Kernel k) {
        DmaBufRegistry reg = DmaBufRegistry.of(k);
        k.addLeakCheck(() -> reg.live().stream().map(d -> "dma-buf not released: " + d).toList());
        return null;
    }
}
