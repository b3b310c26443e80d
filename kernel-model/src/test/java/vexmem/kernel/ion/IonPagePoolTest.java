package vexmem.kernel.ion;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import vexmem.kernel.testing.Rig;

class IonPagePoolTest {
    /** ion_page_pool_remove takes list_first_entry for both alloc and shrink; frees go to the tail. */
    @Test
    void shrinkFreesFromTheHeadOfThePool() {
        try (Rig r = new Rig()) {
            IonDevice dev = r.k.service(IonDevice.class);
            IonSystemHeap sys = (IonSystemHeap) dev.heaps().stream().filter(h -> h instanceof IonSystemHeap).findFirst().orElseThrow();
            IonClient c = dev.ionClientCreate("test");
            IonHandle h = dev.ionAlloc(c, 2 * 4096, 0, 1, 0);
            long first = h.buffer().sgTable().entries().get(0).pfn();
            long second = h.buffer().sgTable().entries().get(1).pfn();
            dev.ionFree(c, h); // pool: first, second
            assertEquals(1, sys.shrinkScan(1));
            IonHandle again = dev.ionAlloc(c, 4096, 0, 1, 0);
            assertEquals(second, again.buffer().sgTable().entries().get(0).pfn(), "first went back to the buddy allocator");
            assertNotEquals(first, second);
            dev.ionFree(c, again);
            dev.ionClientDestroy(c);
        }
    }
}
