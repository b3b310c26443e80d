package vexmem.kernel.ion;

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
 * Regression: the ION dma heap's CMA area is in highmem on vexpress-a9; map_kernel used
 * phys_to_virt and threw, so a driver kmap of a dma-heap buffer (dmabuf-test GET_FD_FROM_USER)
 * failed with a kernel bug. Highmem buffers are now vmapped for the kernel and unmapped again.
 */
class IonCmaHighmemTest {
    @Test
    void driverReadsADmaHeapBufferInHighmem() throws Exception {
        var board = BoardBuilder.build(DeviceTrees.read(Path.of("..", "boards", "vexpress-a9.json")));
        try (Kernel k = Kernel.boot(board)) {
            Task t = k.tasks().create("app", null);
            Libc c = new Libc(t, null);
            int ion = (int) Libc.check(c.open("/dev/ion", 0), "open ion");
            int test = (int) Libc.check(c.open("/dev/dmabuf-test", 0), "open dmabuf-test");
            long arg = c.malloc(64);
            c.poke(arg, new UserStruct(20).putU32(0, 4096).putU32(8, 0x10));
            assertEquals(0, c.ioctl(ion, 0xC0144900, arg), "ION_IOC_ALLOC from the dma heap");
            int handle = c.peekStruct(arg, 20).getS32(16);
            c.poke(arg, new UserStruct(8).putU32(0, handle).putU32(4, -1));
            assertEquals(0, c.ioctl(ion, 0xC0084904, arg), "ION_IOC_SHARE");
            int fd = c.peekStruct(arg, 8).getS32(4);
            long p = c.mmap(0, 4096, 3, 1, fd, 0);
            assertTrue(p > 0);
            c.poke(p, "wxyz\0".getBytes());
            c.poke(arg, new UserStruct(4).putU32(0, fd));
            assertEquals(0, c.ioctl(test, 0x40044401, arg), "GET_FD_FROM_USER");
            assertTrue(k.log().contains("buf data:wxyz"));
            assertTrue(k.bugs().isEmpty(), k.bugs()::toString);
            // dma_alloc_coherent remapped the highmem pages once, at allocation; kmap reuses that address.
            assertEquals(1, k.service(KernelMap.class).vmapAreas().size(), "one coherent remap per buffer");
            c.munmap(p, 4096);
            c.close(fd);
            c.poke(arg, new UserStruct(4).putU32(0, handle));
            assertEquals(0, c.ioctl(ion, 0xC0044901, arg), "ION_IOC_FREE");
            c.free(arg);
            c.close(test);
            c.close(ion);
            assertEquals(0, k.service(KernelMap.class).vmapAreas().size(), "remap released with the buffer");
            t.exit(0);
        }
    }

    /** vion's write() on a registered dma-heap (highmem CMA) buffer used phys_to_virt and threw. */
    @Test
    void vionWritesIntoAHighmemDmaHeapBuffer() throws Exception {
        var board = BoardBuilder.build(DeviceTrees.read(Path.of("..", "boards", "vexpress-a9.json")));
        try (Kernel k = Kernel.boot(board)) {
            Task t = k.tasks().create("app", null);
            Libc c = new Libc(t, null);
            int ion = (int) Libc.check(c.open("/dev/ion", 0), "open ion");
            long arg = c.malloc(64);
            c.poke(arg, new UserStruct(20).putU32(0, 4096).putU32(8, 0x10));
            assertEquals(0, c.ioctl(ion, 0xC0144900, arg), "ION_IOC_ALLOC from the dma heap");
            int handle = c.peekStruct(arg, 20).getS32(16);
            c.poke(arg, new UserStruct(8).putU32(0, handle).putU32(4, -1));
            assertEquals(0, c.ioctl(ion, 0xC0084904, arg), "ION_IOC_SHARE");
            int fd = c.peekStruct(arg, 8).getS32(4);
            int vion = (int) Libc.check(c.open("/dev/vion_dev", 2), "open vion");
            c.poke(arg, new UserStruct(4).putU32(0, fd));
            assertEquals(0, c.ioctl(vion, 0x40045601, arg), "VION_REGISTER_ION");
            assertEquals(5, c.write(vion, "hello".getBytes()));
            long p = c.mmap(0, 4096, 1, 1, fd, 0);
            assertEquals("hello", new String(c.peek(p, 5)));
            assertTrue(k.bugs().isEmpty(), k.bugs()::toString);
            assertEquals(0, c.ioctl(vion, 0x40045602, arg), "VION_UNREGISTER_ION");
            c.munmap(p, 4096);
            c.close(vion);
            c.close(fd);
            c.poke(arg, new UserStruct(4).putU32(0, handle));
            assertEquals(0, c.ioctl(ion, 0xC0044901, arg), "ION_IOC_FREE");
            c.free(arg);
            c.close(ion);
            t.exit(0);
        }
    }
}
