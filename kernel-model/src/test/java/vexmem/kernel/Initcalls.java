package vexmem.kernel;

import java.util.List;

/**
 * TEST DOUBLE shadowing Initcalls until the VFS branch is merged (delete then): the real list plus
 * {@link vexmem.kernel.testing.FakeVfsInit}, which registers the fake Vfs/MiscDevices/DebugFs the
 * ION, dma-heap and driver initcalls need.
 */
final class Initcalls {
    static final List<Kernel.Initcall> ALL = List.of(
            vexmem.kernel.mm.MemoryInit::init,
            vexmem.kernel.testing.FakeVfsInit::init,
            vexmem.kernel.dmabuf.DmaBufInit::init,
            vexmem.kernel.ion.IonInit::init,
            vexmem.kernel.dmaheap.DmaHeapInit::init,
            vexmem.kernel.drivers.Drivers::init
    );

    private Initcalls() {
    }
}
