package vexmem.kernel.syscall;

/**
 * The raw arguments of one system call, as unsigned 32-bit values (r0-r5 on ARM). The ARM back end
 * reads registers lazily, so a call pays only for the arguments it uses.
 */
@FunctionalInterface
public interface SyscallArgs {
    long arg(int i);

    default int intArg(int i) {
        return (int) arg(i);
    }

    static SyscallArgs of(long... values) {
        return i -> i < values.length ? values[i] & 0xffffffffL : 0;
    }
}
