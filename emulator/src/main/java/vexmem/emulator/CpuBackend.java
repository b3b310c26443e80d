package vexmem.emulator;

/** The per-process CPU: registers, a run slice, and the memory mirror of the task's address space. */
public interface CpuBackend extends AutoCloseable {
    /** What the engine reports back while running a slice. */
    interface Client {
        /** svc executed; the PC already points after it. */
        void onSyscall(CpuBackend cpu);

        /** Any other CPU exception the engine raised through the interrupt hook (bkpt, ...). */
        void onException(CpuBackend cpu, int intno);
    }

    /** A 32-bit register as an unsigned value. */
    long reg(int reg);

    void setReg(int reg, long value);

    /** The PC to resume at, with bit 0 set when the CPU is in Thumb state. */
    long resumePc();

    /** Runs from {@code pc} until stopped, for at most {@code count} instructions (0 = unlimited). */
    void run(long pc, long count);

    void stop();

    /** Drops translated code for [start, end) so rewritten instructions take effect. */
    void flushCode(long start, long end);

    byte[] memRead(long addr, int len);

    void memWrite(long addr, byte[] data);

    @Override
    void close();
}
