package vexmem.kernel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vexmem.kernel.Errno;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.syscall.Nr;
import vexmem.kernel.syscall.SyscallArgs;
import vexmem.kernel.testing.Rig;

/** futex(2) against the futex table, with threads and processes made by TaskTable.clone (no CPU). */
class FutexTest {
    static final int WAIT = 0, WAKE = 1, CMP_REQUEUE = 4, WAKE_OP = 5, LOCK_PI = 6, WAIT_BITSET = 9, WAKE_BITSET = 10;
    static final int PRIVATE = 128, CLOCK_REALTIME = 256;

    static long futex(Task t, long uaddr, int op, int val, long timeout, long uaddr2, int val3) {
        return t.kernel().syscalls().dispatch(t, Nr.futex, SyscallArgs.of(uaddr, op, val, timeout, uaddr2, val3));
    }

    static Task thread(Rig rig, Task of) {
        return rig.k.tasks().clone(of, true, true, true, true);
    }

    @Test
    void errnosOfBadCalls() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("p");
            long f = Rig.scratch(p, 4096);
            p.mm().putUserInt(f, 5);
            assertEquals(-Errno.EINVAL, futex(p, f + 2, WAIT, 5, 0, 0, 0), "misaligned");
            assertEquals(-Errno.EFAULT, futex(p, 0x1000, WAIT, 5, 0, 0, 0), "nothing mapped there");
            assertEquals(-Errno.EAGAIN, futex(p, f, WAIT | PRIVATE, 4, 0, 0, 0), "value changed");
            assertEquals(-Errno.EINVAL, futex(p, f, WAIT_BITSET, 5, 0, 0, 0), "bitset 0");
            assertEquals(-Errno.EINVAL, futex(p, f, WAKE_BITSET, 1, 0, 0, 0), "bitset 0");
            assertEquals(-Errno.EAGAIN, futex(p, f, WAIT | CLOCK_REALTIME, 4, 0, 0, 0), "4.9.0 takes CLOCK_REALTIME for FUTEX_WAIT");
            assertEquals(-Errno.ENOSYS, futex(p, f, WAKE | CLOCK_REALTIME, 1, 0, 0, 0), "but not for a wake");
            assertEquals(-Errno.EFAULT, futex(p, f, WAIT_BITSET, 5, 8, 0, 0), "the timeout is read before the bitset is checked");
            assertEquals(-Errno.ENOSYS, futex(p, f, LOCK_PI, 0, 0, 0, 0), "PI futexes are not modelled");
            assertEquals(0, futex(p, f, WAKE, 1, 0, 0, 0), "nobody to wake");
            long ts = Rig.scratch(p, 4096);
            p.mm().putUserInt(ts + 4, 1_000_000_000);
            assertEquals(-Errno.EINVAL, futex(p, f, WAIT, 5, ts, 0, 0), "tv_nsec out of range");
            p.exit(0);
        }
    }

    @Test
    void aWokenWaiterReturnsZeroEvenIfTheValueIsUnchanged() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("p");
            Task t = thread(rig, p);
            long f = Rig.scratch(p, 4096);
            FutexTable ft = FutexTable.of(rig.k);
            assertThrows(WouldBlock.class, () -> futex(t, f, WAIT | PRIVATE, 0, 0, 0, 0));
            assertEquals(1, ft.waiterCount());
            // re-dispatched without a wake (a spurious scheduler wake-up): sleeps again, no value check
            p.mm().putUserInt(f, 9);
            assertThrows(WouldBlock.class, () -> futex(t, f, WAIT | PRIVATE, 0, 0, 0, 0));
            p.mm().putUserInt(f, 0);
            // a shared-style wake on private memory meets a private waiter: both keys are (mm, address)
            assertEquals(1, futex(p, f, WAKE, 1, 0, 0, 0));
            assertEquals(0, futex(t, f, WAIT | PRIVATE, 0, 0, 0, 0));
            assertEquals(0, ft.waiterCount());
            p.exit(0);
        }
    }

    @Test
    void wakeCountsBitsetsAndArrivalOrder() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("p");
            Task a = thread(rig, p), b = thread(rig, p), c = thread(rig, p);
            long f = Rig.scratch(p, 4096);
            assertThrows(WouldBlock.class, () -> futex(a, f, WAIT_BITSET | PRIVATE, 0, 0, 0, 0x1));
            assertThrows(WouldBlock.class, () -> futex(b, f, WAIT_BITSET | PRIVATE, 0, 0, 0, 0x2));
            assertThrows(WouldBlock.class, () -> futex(c, f, WAIT | PRIVATE, 0, 0, 0, 0));
            assertEquals(1, futex(p, f, WAKE_BITSET | PRIVATE, 5, 0, 0, 0x4), "only c: FUTEX_WAIT matches any bit");
            assertTrue(c.futexWaiter.woken() && !a.futexWaiter.woken() && !b.futexWaiter.woken());
            assertEquals(1, futex(p, f, WAKE_BITSET | PRIVATE, 5, 0, 0, 0x2), "b");
            assertTrue(b.futexWaiter.woken() && !a.futexWaiter.woken());
            assertEquals(1, futex(p, f, WAKE | PRIVATE, 1, 0, 0, 0), "a");
            assertEquals(0, futex(p, f, WAKE | PRIVATE, 1, 0, 0, 0));
            p.exit(0);
            assertEquals(0, FutexTable.of(rig.k).waiterCount(), "exit leaves no waiter behind");
        }
    }

    @Test
    void cmpRequeueMovesWaitersAndChecksTheValue() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("p");
            Task a = thread(rig, p), b = thread(rig, p), c = thread(rig, p);
            long f = Rig.scratch(p, 4096), g = f + 4;
            for (Task w : new Task[] {a, b, c}) {
                assertThrows(WouldBlock.class, () -> futex(w, f, WAIT | PRIVATE, 0, 0, 0, 0));
            }
            assertEquals(-Errno.EAGAIN, futex(p, f, CMP_REQUEUE | PRIVATE, 1, 1, g, 7), "*uaddr is 0, not 7");
            // wake 1 (a), move 1 (b) to g; c stays on f
            assertEquals(2, futex(p, f, CMP_REQUEUE | PRIVATE, 1, 1, g, 0));
            assertTrue(a.futexWaiter.woken() && !b.futexWaiter.woken());
            assertEquals(1, futex(p, g, WAKE | PRIVATE, 10, 0, 0, 0), "b now waits on g");
            assertTrue(b.futexWaiter.woken() && !c.futexWaiter.woken());
            assertEquals(1, futex(p, f, WAKE | PRIVATE, 10, 0, 0, 0), "c");
            p.exit(0);
        }
    }

    @Test
    void wakeOpUpdatesTheSecondWordAndWakesByTheComparison() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("p");
            Task a = thread(rig, p), b = thread(rig, p);
            long f = Rig.scratch(p, 4096), g = f + 8;
            p.mm().putUserInt(g, 5);
            assertThrows(WouldBlock.class, () -> futex(a, f, WAIT | PRIVATE, 0, 0, 0, 0));
            assertThrows(WouldBlock.class, () -> futex(b, g, WAIT | PRIVATE, 5, 0, 0, 0));
            // FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_GT, 9): old 5 > 9 is false, so only f's waiter
            int addGt9 = (1 << 28) | (4 << 24) | (3 << 12) | 9;
            assertEquals(1, futex(p, f, WAKE_OP | PRIVATE, 1, 1, g, addGt9));
            assertEquals(8, p.mm().getUserInt(g));
            assertTrue(a.futexWaiter.woken() && !b.futexWaiter.woken());
            // FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 8): old 8 == 8, so g's waiter too
            int setEq8 = (0 << 28) | (0 << 24) | (0 << 12) | 8;
            assertEquals(1, futex(p, f, WAKE_OP | PRIVATE, 1, 1, g, setEq8));
            assertEquals(0, p.mm().getUserInt(g));
            assertTrue(b.futexWaiter.woken());
            assertEquals(-Errno.ENOSYS, futex(p, f, WAKE_OP | PRIVATE, 1, 1, g, 7 << 28), "unknown operation");
            p.exit(0);
        }
    }

    @Test
    void aTimedWaitEndsWithEtimedoutAtItsDeadline() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("p");
            long f = Rig.scratch(p, 4096), ts = f + 64;
            p.mm().putUserInt(ts, 0);
            p.mm().putUserInt(ts + 4, 2_000_000); // 2 ms, relative for FUTEX_WAIT
            WouldBlock wb = assertThrows(WouldBlock.class, () -> futex(p, f, WAIT | PRIVATE, 0, ts, 0, 0));
            long deadline = wb.deadlineNanos();
            assertTrue(deadline > rig.k.clock().nanos());
            rig.k.clock().advanceTo(deadline);
            assertEquals(-Errno.ETIMEDOUT, futex(p, f, WAIT | PRIVATE, 0, ts, 0, 0));
            assertEquals(0, FutexTable.of(rig.k).waiterCount());
            p.exit(0);
        }
    }

    @Test
    void processesSharingAPageMeetOnTheSameFutexUnlessPrivate() {
        try (Rig rig = new Rig()) {
            Task p = rig.task("p");
            long f = p.mm().mmap(p, 0, 4096, Prot.PROT_READ | Prot.PROT_WRITE, Prot.MAP_SHARED | Prot.MAP_ANONYMOUS,
                    null, 0, null);
            Task child = rig.k.tasks().fork(p); // the MAP_SHARED page stays shared
            assertThrows(WouldBlock.class, () -> futex(child, f, WAIT, 0, 0, 0, 0));
            assertEquals(0, futex(p, f, WAKE | PRIVATE, 1, 0, 0, 0), "a private key is per address space");
            assertEquals(1, futex(p, f, WAKE, 1, 0, 0, 0), "the shared key is the physical page");
            child.exit(0);
            p.exit(0);
        }
    }
}
