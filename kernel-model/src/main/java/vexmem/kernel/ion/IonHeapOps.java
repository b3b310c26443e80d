package vexmem.kernel.ion;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.mm.Vma;

/** struct ion_heap_ops, plus the vendor phys op of older trees. Failures throw KernelError. */
public interface IonHeapOps {
    /** Fills {@code buffer.sgTable} (and heap-private data) for {@code len} bytes. */
    void allocate(IonBuffer buffer, long len, long align, int flags);

    /** Gives the buffer's memory back (after it has been zeroed where the heap does so). */
    void free(IonBuffer buffer);

    /** Kernel virtual address of the whole buffer. */
    long mapKernel(IonBuffer buffer);

    void unmapKernel(IonBuffer buffer);

    /** Maps the buffer into a user VMA, honouring vm_pgoff. */
    void mapUser(IonBuffer buffer, Vma vma);

    /** Vendor ion_phys: {phys, len} for physically contiguous heaps; ENODEV otherwise. */
    default long[] phys(IonBuffer buffer) {
        throw new KernelError(Errno.ENODEV);
    }
}
