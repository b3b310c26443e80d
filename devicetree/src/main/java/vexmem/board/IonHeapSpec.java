package vexmem.board;

/**
 * One heap of the board's ION node (compatible "vexpress,ion"), see docs/board-format.md.
 *
 * @param name       heap name as debugfs and HEAP_QUERY show it
 * @param type       ION heap type (0 system, 1 system_contig, 2 carveout, 3 chunk, 4 dma)
 * @param id         heap id (bit position in heap_id_mask)
 * @param regionPath path of the reserved-memory node the heap uses, null for system / system_contig
 * @param chunkSize  chunk size for chunk heaps, 0 otherwise
 * @param allowCached dma heap only: accept ION_FLAG_CACHED (vendor behaviour) instead of mainline 4.9's EINVAL
 */
public record IonHeapSpec(String name, int type, int id, String regionPath, long chunkSize, boolean allowCached) {
    public static final int TYPE_SYSTEM = 0;
    public static final int TYPE_SYSTEM_CONTIG = 1;
    public static final int TYPE_CARVEOUT = 2;
    public static final int TYPE_CHUNK = 3;
    public static final int TYPE_DMA = 4;
}
