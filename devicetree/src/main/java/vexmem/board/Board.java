package vexmem.board;

import java.util.List;
import java.util.Optional;
import vexmem.devicetree.DeviceTree;

/**
 * The board as the kernel sees it after early boot: DRAM banks, placed reserved-memory regions,
 * the ION heap layout and the device nodes drivers bind to. Built from a {@link DeviceTree} by
 * {@link BoardBuilder}.
 *
 * @param model    the root "model" string (e.g. "V2P-CA9")
 * @param tree     the tree it came from
 * @param banks    DRAM banks in address order
 * @param reserved reserved regions in node order, dynamic ones placed
 * @param ionHeaps heaps of the ION node, in node order
 * @param devices  enabled device nodes with a compatible string (excluding memory, reserved-memory and cpus)
 */
public record Board(String model, DeviceTree tree, List<DramBank> banks, List<ReservedRegion> reserved,
                    List<IonHeapSpec> ionHeaps, List<DeviceSpec> devices) {

    public long dramSize() {
        return banks.stream().mapToLong(DramBank::size).sum();
    }

    /** The CMA area with linux,cma-default, if any. */
    public Optional<ReservedRegion> defaultCma() {
        return reserved.stream().filter(r -> r.kind() == ReservedRegion.Kind.CMA && r.cmaDefault()).findFirst();
    }

    public List<ReservedRegion> cmaAreas() {
        return reserved.stream().filter(r -> r.kind() == ReservedRegion.Kind.CMA).toList();
    }

    public Optional<ReservedRegion> region(String path) {
        return reserved.stream().filter(r -> r.path().equals(path)).findFirst();
    }
}
