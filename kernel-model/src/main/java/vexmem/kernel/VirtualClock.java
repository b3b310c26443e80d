package vexmem.kernel;

/**
 * The board's time. It advances by a fixed step per system call and jumps forward when every task
 * sleeps, so timestamps, nanosleep and the kernel log are the same on every run (host speed never
 * leaks into guest-visible time).
 */
public final class VirtualClock {
    /** Boot happens at 0; time per system call. */
    public static final long SYSCALL_NANOS = 1_000;

    private long nanos;

    public synchronized long nanos() {
        return nanos;
    }

    public synchronized void advance(long delta) {
        if (delta > 0) {
            nanos += delta;
        }
    }

    /**
     * Sets the clock, backwards too. Only scenario replay uses it: it re-creates the time each
     * recorded call saw, which the recording's scheduler reached by sleeping and restarting.
     */
    public synchronized void set(long t) {
        nanos = t;
    }

    /** Moves the clock to {@code t} if that is later (the idle loop skipping to the next timer). */
    public synchronized void advanceTo(long t) {
        if (t > nanos) {
            nanos = t;
        }
    }
}
