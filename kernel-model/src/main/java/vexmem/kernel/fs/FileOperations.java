package vexmem.kernel.fs;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/**
 * file_operations. Every method receives the calling task ({@code current} in the kernel) so a driver
 * can reach its address space for copy_from_user/copy_to_user and its fd table. Results are byte
 * counts or 0; failures throw {@link KernelError}. Defaults are what the VFS answers when a driver
 * leaves the slot NULL.
 */
public interface FileOperations {
    /** Called when a file is opened on this device/inode; may set {@link File#privateData}. */
    default void open(Task current, File file) {
    }

    /** Called once, at the last reference to the file (the final fput). */
    default void release(File file) {
    }

    /** read(): no .read → EINVAL (the VFS's FMODE_CAN_READ check). */
    default long read(Task current, File file, long ubuf, long count) {
        throw new KernelError(Errno.EINVAL);
    }

    /** write(): no .write → EINVAL. */
    default long write(Task current, File file, long ubuf, long count) {
        throw new KernelError(Errno.EINVAL);
    }

    /** unlocked_ioctl: no handler → ENOTTY. */
    /** FIONREAD / SIOCINQ: bytes available to read, stored as an int at arg. */
    int FIONREAD = 0x541B;

    default long unlockedIoctl(Task current, File file, int cmd, long arg) {
        throw new KernelError(Errno.ENOTTY);
    }

    /** mmap: fill in the VMA (usually with remap_pfn_range). No .mmap → ENODEV. */
    default void mmap(Task current, File file, Vma vma) {
        throw new KernelError(Errno.ENODEV);
    }

    /** poll: the ready mask (POLLIN 1, POLLOUT 4, POLLERR 8, POLLHUP 16). Default: always ready. */
    default int poll(Task current, File file) {
        return Poll.POLLIN | Poll.POLLOUT;
    }

    /** llseek: default is no_llseek-like ESPIPE for devices. */
    default long llseek(Task current, File file, long offset, int whence) {
        throw new KernelError(Errno.ESPIPE);
    }

    /** The wait queue poll/select and blocking reads sleep on, or null if the file never blocks. */
    default vexmem.kernel.task.WaitQueue waitQueue(File file) {
        return null;
    }
}
