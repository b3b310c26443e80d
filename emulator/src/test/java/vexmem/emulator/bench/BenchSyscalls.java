package vexmem.emulator.bench;

import vexmem.kernel.Kernel;

/** The minimal test system calls, reachable from the bench package. */
final class BenchSyscalls {
    private BenchSyscalls() {
    }

    static void register(Kernel k) {
        vexmem.emulator.TestKernelsAccess.register(k);
    }
}
