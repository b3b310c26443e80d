package vexmem.emulator;

import vexmem.kernel.Kernel;

/** Lets test code outside the package install the minimal system calls. */
public final class TestKernelsAccess {
    private TestKernelsAccess() {
    }

    public static void register(Kernel k) {
        TestKernels.registerMinimalSyscalls(k);
    }
}
