package vexmem.board;

import java.util.List;

/**
 * A /reserved-memory child after placement, as Linux's of_reserved_mem records it.
 *
 * @param name       node name including unit address ("linux,cma@70000000"); also the CMA area name in 5.x
 * @param path       full node path
 * @param base       physical base (placed base for dynamic regions)
 * @param size       size in bytes
 * @param dynamic    true when the node gave "size" rather than "reg"
 * @param noMap      "no-map": removed from the kernel's linear map
 * @param reusable   "reusable": the kernel may use the pages while the owner does not (CMA)
 * @param compatible the node's compatible strings
 * @param cmaDefault "linux,cma-default"
 * @param phandle    the node's phandle, 0 if none
 */
public record ReservedRegion(String name, String path, long base, long size, boolean dynamic, boolean noMap,
                             boolean reusable, List<String> compatible, boolean cmaDefault, long phandle) {

    public enum Kind {
        /** shared-dma-pool + reusable: a CMA area. */
        CMA,
        /** shared-dma-pool + no-map: a per-device coherent pool. */
        DMA_COHERENT,
        /** no-map without shared-dma-pool: memory owned by a driver (ION carveout/chunk). */
        CARVEOUT,
        /** anything else: reserved but still mapped. */
        RESERVED
    }

    public long end() {
        return base + size;
    }

    public boolean isSharedDmaPool() {
        return compatible.contains("shared-dma-pool");
    }

    public Kind kind() {
        if (isSharedDmaPool() && reusable && !noMap) {
            return Kind.CMA;
        }
        if (isSharedDmaPool() && noMap && !reusable) {
            return Kind.DMA_COHERENT;
        }
        if (noMap) {
            return Kind.CARVEOUT;
        }
        return Kind.RESERVED;
    }
}
