package vexmem.kernel.syscall;

import vexmem.kernel.Kernel;

/** Fills the system-call table (after the VFS is up): ARM EABI numbers from {@link Nr}. */
public final class SyscallsInit {
    private SyscallsInit() {
    }

    public static Runnable init(Kernel k) {
        Reg r = new Reg(k.syscalls());
        FileSyscalls.register(k, k.syscalls(), r);
        MmSyscalls.register(r);
        ProcSyscalls.register(r);
        FutexSyscalls.register(r);
        ForkExec.register(r);
        TimeSyscalls.register(r);
        Itimers.register(r);
        SocketSyscalls.register(r);
        PollSyscalls.register(r);
        return null;
    }
}
