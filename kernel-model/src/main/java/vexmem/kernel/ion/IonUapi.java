package vexmem.kernel.ion;

/** drivers/staging/android/uapi/ion.h of Linux 4.9 with ARM32 numbers and layouts. */
public final class IonUapi {
    public static final int ION_HEAP_TYPE_SYSTEM = 0, ION_HEAP_TYPE_SYSTEM_CONTIG = 1, ION_HEAP_TYPE_CARVEOUT = 2,
            ION_HEAP_TYPE_CHUNK = 3, ION_HEAP_TYPE_DMA = 4, ION_HEAP_TYPE_CUSTOM = 5;
    public static final int ION_NUM_HEAP_IDS = 32;
    public static final int ION_FLAG_CACHED = 1, ION_FLAG_CACHED_NEEDS_SYNC = 2;
    public static final int MAX_HEAP_NAME = 32;

    public static final int ION_IOC_ALLOC = 0xC0144900, ION_IOC_FREE = 0xC0044901, ION_IOC_MAP = 0xC0084902,
            ION_IOC_SHARE = 0xC0084904, ION_IOC_IMPORT = 0xC0084905, ION_IOC_CUSTOM = 0xC0084906,
            ION_IOC_SYNC = 0xC0084907, ION_IOC_HEAP_QUERY = 0xC0184908;

    /** sizeof(union ion_ioctl_arg) on ARM32. */
    public static final int ION_IOCTL_ARG_SIZE = 24;
    /** sizeof(struct ion_heap_data). */
    public static final int ION_HEAP_DATA_SIZE = 52;

    private IonUapi() {
    }
}
