package vexmem.kernel.dmabuf;

/** enum dma_data_direction. */
public final class DmaDirection {
    public static final int BIDIRECTIONAL = 0, TO_DEVICE = 1, FROM_DEVICE = 2, NONE = 3;

    private DmaDirection() {
    }
}
