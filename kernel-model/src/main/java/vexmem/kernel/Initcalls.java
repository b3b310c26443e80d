package vexmem.kernel;

import java.util.List;

/**
 * Boot order, as the kernel's initcall levels give it: memory first, then the VFS, then the
 * subsystems (ION, dma-buf heaps) and finally the board's drivers. Each subsystem's init lives
 * next to its code; this list is the only place that orders them.
 */
final class Initcalls {
    static final List<Kernel.Initcall> ALL = List.of(
            vexmem.kernel.mm.MemoryInit::init,
            vexmem.kernel.fs.VfsInit::init,
            vexmem.kernel.syscall.SyscallsInit::init,
            vexmem.kernel.dmabuf.DmaBufInit::init,
            vexmem.kernel.ion.IonInit::init,
            vexmem.kernel.dmaheap.DmaHeapInit::init,
            vexmem.kernel.drivers.Drivers::init
    );

    private Initcalls() {
    }
}
