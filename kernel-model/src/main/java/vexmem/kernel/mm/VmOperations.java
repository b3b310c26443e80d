package vexmem.kernel.mm;

/** vm_operations_struct: callbacks a driver attaches to the VMAs its mmap creates. */
public interface VmOperations {
    /** vm_ops->open: a VMA was duplicated or split off. */
    default void open(Vma vma) {
    }

    /** vm_ops->close: the VMA (or a split part of it) is going away. */
    default void close(Vma vma) {
    }
}
