package vexmem.kernel.syscall;

import vexmem.kernel.task.WouldBlock;

/**
 * Registers handlers, wrapping each so a sleep deadline remembered across restarts
 * ({@code Task.sleepDeadline}) is cleared once the call really finishes.
 */
final class Reg {
    private final SyscallTable tab;

    Reg(SyscallTable tab) {
        this.tab = tab;
    }

    void add(int nr, String name, SyscallHandler h) {
        tab.register(nr, name, (t, a) -> {
            try {
                long r = h.call(t, a);
                t.sleepDeadline = -1;
                return r;
            } catch (WouldBlock b) {
                throw b;
            } catch (RuntimeException e) {
                t.sleepDeadline = -1;
                throw e;
            }
        });
    }
}
