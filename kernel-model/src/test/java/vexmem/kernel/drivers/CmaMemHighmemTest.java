package vexmem.kernel.drivers;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vexmem.board.BoardBuilder;
import vexmem.devicetree.io.DeviceTrees;
import vexmem.kernel.Kernel;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.task.Task;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/**
 * Regression: on the default vexpress-a9 board the CMA area sits in highmem (4.9 places it there
 * first); CMEM_ALLOCATE used phys_to_virt for the kernel address and failed with EFAULT, leaking the
 * CMA pages. The kernel address must be a remap in vmalloc space, released at CMEM_UNMAP.
 */
class CmaMemHighmemTest {
    @Test
    void highmemCmaBlockGetsARemappedKernelAddress() throws Exception {
        var board = BoardBuilder.build(DeviceTrees.read(Path.of("..", "boards", "vexpress-a9.json")));
        try (Kernel k = Kernel.boot(board)) {
            Task t = k.tasks().create("app", null);
            Libc c = new Libc(t, null);
            int fd = (int) Libc.check(c.open("/dev/cma_mem", 2), "open");
            long arg = c.malloc(36);
            c.poke(arg, new UserStruct(36).putBytes(0, "mem1".getBytes()).putU8(10, 1).putU32(20, 800 * 480 * 4));
            assertEquals(0, c.ioctl(fd, CmaMem.CMEM_ALLOCATE, arg));
            UserStruct out = c.peekStruct(arg, 36);
            long phys = out.getU32(24);
            long user = out.getU32(28);
            long kvaddr = out.getU32(32);
            KernelMap km = k.service(KernelMap.class);
            assertTrue(phys >= km.lowmemEndPhys(), "board's CMA area is in highmem");
            assertTrue(kvaddr >= km.vmallocStart() && kvaddr < km.vmallocEnd(), Long.toHexString(kvaddr));
            c.poke(user + 5000, new byte[] {42});
            byte[] seen = new byte[1];
            km.read(kvaddr + 5000, seen, 0, 1);
            assertEquals(42, seen[0]);
            assertEquals(1, km.vmapAreas().size());
            assertEquals(0, c.ioctl(fd, CmaMem.CMEM_UNMAP, arg));
            assertEquals(0, km.vmapAreas().size());
            c.free(arg);
            c.close(fd);
            t.exit(0);
            assertTrue(k.bugs().isEmpty(), k.bugs()::toString);
        }
    }
}
