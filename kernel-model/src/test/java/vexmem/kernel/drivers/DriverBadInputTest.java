package vexmem.kernel.drivers;

import static org.junit.jupiter.api.Assertions.*;
import static vexmem.kernel.Errno.*;

import org.junit.jupiter.api.Test;
import vexmem.kernel.dmaheap.DmaHeap;
import vexmem.kernel.fs.File;
import vexmem.kernel.ion.IonUapi;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.task.Task;
import vexmem.kernel.testing.Ion;
import vexmem.kernel.testing.Rig;

/**
 * Every bad input docs/guest-abi.md lists for the four document drivers, checked for its errno (issue 3:
 * "every ioctl's bad inputs are tested for their errno"). The good paths are in DriversTest. Each Rig
 * closes with the shutdown leak check, so error paths must not leak either.
 */
class DriverBadInputTest {
    /** An address with nothing mapped (copy-in and copy-out fault). */
    static final long UNMAPPED = 0x1000;

    private static int dmaHeapBuf(Task t, Rig r, long arg) {
        int heap = r.openFd(t, "/dev/dma_heap/system", 0);
        Rig.put(t, arg, Rig.le(24).putLong(0, 4096).putInt(12, 2));
        assertEquals(0, Rig.errno(t, heap, DmaHeap.DMA_HEAP_IOCTL_ALLOC, arg));
        return Rig.get(t, arg, 24).getInt(8);
    }

    @Test
    void dmabufTest() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int dev = r.openFd(t, "/dev/dmabuf-test", 2);
            int dev2 = r.openFd(t, "/dev/dmabuf-test", 2);
            assertTrue(dev2 > dev, "any number of opens");
            long arg = Rig.scratch(t, 4096);
            long ro = Rig.readOnly(t);
            int devnull = r.openFd(t, "/dev/null", 2);
            // GET_FD_FROM_USER: fd not open / not a dma-buf → EINVAL (the document maps every dma_buf_get failure)
            Rig.put(t, arg, Rig.le(4).putInt(0, -1));
            assertEquals(EINVAL, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_USER, arg), "negative fd");
            Rig.put(t, arg, Rig.le(4).putInt(0, devnull));
            assertEquals(EINVAL, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_USER, arg), "not a dma-buf");
            Rig.put(t, arg, Rig.le(4).putInt(0, dev));
            assertEquals(EINVAL, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_USER, arg), "the device itself");
            // copy faults
            assertEquals(EFAULT, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_USER, UNMAPPED), "copy-in fault");
            assertEquals(EFAULT, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_USER, 0), "NULL");
            assertEquals(EFAULT, Rig.errno(t, dev, DmabufTest.GET_KERNEL_INFO, UNMAPPED));
            assertEquals(EFAULT, Rig.errno(t, dev, DmabufTest.GET_KERNEL_INFO, ro), "copy-out fault");
            assertEquals(EFAULT, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_KERNEL, ro), "copy-out fault");
            assertEquals(EFAULT, Rig.errno(t, dev, DmabufTest.GET_KERNEL_INFO, arg + 4096 - 40), "straddles the end");
            // unknown commands: same nr other dir/size, other type, size > 80
            assertEquals(ENOTTY, Rig.errno(t, dev, 0x40044402, arg), "GET_FD_FROM_KERNEL with the W dir");
            assertEquals(ENOTTY, Rig.errno(t, dev, 0x40044501, arg), "type 'E'");
            assertEquals(ENOTTY, Rig.errno(t, dev, 0, arg));
            assertEquals(EINVAL, Rig.errno(t, dev, 0xC3FF4401, arg), "size 1023 > 80");
            // a DMA-BUF heap buffer is a dma-buf with a CPU mapping: accepted
            int hb = dmaHeapBuf(t, r, arg);
            Rig.put(t, arg, Rig.le(4).putInt(0, hb));
            assertEquals(0, Rig.errno(t, dev, DmabufTest.GET_FD_FROM_USER, arg));
            File f = t.files().get(dev);
            assertEquals(ENODEV, Rig.errnoOf(() -> f.ops().mmap(t, f, null)), "no mmap");
            t.exit(0);
        }
    }

    @Test
    void vion() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int v = r.openFd(t, "/dev/vion_dev", 2);
            assertEquals(EBUSY, Rig.errnoOf(() -> r.open(t, "/dev/vion_dev", 0)), "second open, any mode");
            long arg = Rig.scratch(t, 4096);
            int devnull = r.openFd(t, "/dev/null", 2);
            File f = t.files().get(v);
            // copy faults
            assertEquals(EFAULT, Rig.errno(t, v, Vion.VION_REGISTER_ION, UNMAPPED));
            assertEquals(EFAULT, Rig.errno(t, v, Vion.VION_UNREGISTER_ION, UNMAPPED));
            assertEquals(EFAULT, Rig.errno(t, v, Vion.VION_REGISTER_ION, 0));
            // bad fds
            Rig.put(t, arg, Rig.le(4).putInt(0, -5));
            assertEquals(EBADF, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg), "negative fd");
            Rig.put(t, arg, Rig.le(4).putInt(0, devnull));
            assertEquals(EINVAL, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg), "not a dma-buf");
            Rig.put(t, arg, Rig.le(4).putInt(0, dmaHeapBuf(t, r, arg + 512)));
            assertEquals(EINVAL, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg), "a dma-buf, but not ION's");
            assertEquals(EINVAL, Rig.errno(t, v, Vion.VION_UNREGISTER_ION, arg), "nothing registered");
            assertEquals(ENOTTY, Rig.errno(t, v, 0x40045603, arg), "unknown command");
            assertEquals(ENOTTY, Rig.errno(t, v, 0x80045601, arg), "REGISTER number with the R dir");
            assertEquals(0, f.ops().read(t, f, arg, 16), "read with nothing registered");
            assertEquals(ENODEV, Rig.errnoOf(() -> f.ops().mmap(t, f, null)), "no mmap");
            // register a contiguous ION buffer; read/write faults
            Ion ion = new Ion(r, t);
            int fd = ion.share(ion.alloc(4096, 0, 1 << IonUapi.ION_HEAP_TYPE_DMA, 0));
            Rig.put(t, arg, Rig.le(4).putInt(0, fd));
            assertEquals(0, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg));
            assertEquals(0, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg), "re-register frees the old handle first");
            assertEquals(EFAULT, Rig.errnoOf(() -> f.ops().write(t, f, UNMAPPED, 8)));
            assertEquals(EFAULT, Rig.errnoOf(() -> f.ops().read(t, f, UNMAPPED, 8)));
            assertEquals(EFAULT, Rig.errnoOf(() -> f.ops().read(t, f, Rig.readOnly(t), 8)), "read into read-only memory");
            assertEquals(4096, f.ops().write(t, f, arg, 1 << 20), "len clamped to the buffer size");
            // a non-contiguous (system heap) buffer: write returns 0
            int sys = ion.share(ion.alloc(8192, 0, 1 << IonUapi.ION_HEAP_TYPE_SYSTEM, 0));
            Rig.put(t, arg, Rig.le(4).putInt(0, sys));
            assertEquals(0, Rig.errno(t, v, Vion.VION_REGISTER_ION, arg));
            assertEquals(0, f.ops().write(t, f, arg, 16), "system heap is not contiguous");
            assertEquals(0, Rig.errno(t, v, Vion.VION_UNREGISTER_ION, arg));
            assertEquals(EINVAL, Rig.errno(t, v, Vion.VION_UNREGISTER_ION, arg), "already unregistered");
            t.exit(0);
        }
    }

    private static java.nio.ByteBuffer block(String name, int len) {
        java.nio.ByteBuffer b = Rig.le(36);
        for (int i = 0; i < name.length(); i++) {
            b.put(i, (byte) name.charAt(i));
        }
        return b.putInt(20, len);
    }

    @Test
    void cmaMem() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int dev = r.openFd(t, "/dev/cma_mem", 2);
            long arg = Rig.scratch(t, 4096);
            File f = t.files().get(dev);
            // mmap with nothing allocated → EINVAL
            assertEquals(EINVAL, Rig.errnoOf(() -> t.mm().mmap(t, 0, 4096, Prot.PROT_READ | Prot.PROT_WRITE,
                    Prot.MAP_SHARED, f, 0, null)));
            // copy faults
            assertEquals(EFAULT, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, UNMAPPED));
            assertEquals(EFAULT, Rig.errno(t, dev, CmaMem.CMEM_UNMAP, UNMAPPED));
            assertEquals(EFAULT, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, 0));
            // a block that cannot be had
            Rig.put(t, arg, block("huge", (int) (Rig.CMA_SIZE * 2)));
            assertEquals(ENOMEM, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, arg));
            Rig.put(t, arg, block("neg", -4096));
            assertNotEquals(0, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, arg), "len 0xfffff000");
            // ids are not consumed by failures
            Rig.put(t, arg, block("ok", 4096));
            assertEquals(0, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, arg));
            assertEquals(1, Rig.get(t, arg, 36).getInt(12), "first block id 1 after failed attempts");
            // every other CMEM_* command and unknown commands → ENOTTY
            for (int cmd : new int[] {CmaMem.CMEM_GET_PHYS, 0x40046D02, 0x40046D03, 0x40046D06, 0x40046D07, 0x40046D08,
                    0x40046D09, 0x40046E05, 0}) {
                assertEquals(ENOTTY, Rig.errno(t, dev, cmd, arg), () -> Integer.toHexString(cmd));
            }
            // names compare at most 10 bytes (no NUL inside the field)
            Rig.put(t, arg, block("abcdefghij", 4096));
            assertEquals(0, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, arg));
            Rig.put(t, arg, block("abcdefghij", 0));
            assertEquals(0, Rig.errno(t, dev, CmaMem.CMEM_UNMAP, arg));
            assertEquals(EINVAL, Rig.errno(t, dev, CmaMem.CMEM_UNMAP, arg), "already unmapped");
            // copy-back fault: EFAULT, and nothing leaks (the block goes with the file at the latest)
            long ro = Rig.scratch(t, 4096);
            Rig.put(t, ro, block("ro", 4096));
            t.mm().mprotect(ro, 4096, Prot.PROT_READ);
            assertEquals(EFAULT, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, ro));
            assertEquals(EINVAL, Rig.errno(t, dev, CmaMem.CMEM_ALLOCATE, Rig.readOnly(t)), "zeros: name[0] == 0");
            t.exit(0);
        }
    }

    @Test
    void heapTest() {
        try (Rig r = new Rig()) {
            Task t = r.task("app");
            int dev = r.openFd(t, "/dev/heap_test", 2);
            r.openFd(t, "/dev/heap_test", 2);
            long arg = Rig.scratch(t, 4096);
            int buf = dmaHeapBuf(t, r, arg);
            assertEquals(EFAULT, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, UNMAPPED), "copy-in fault");
            assertEquals(EFAULT, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, 0), "NULL");
            assertEquals(EFAULT, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg + 4096 - 16), "straddles the end");
            // copy-out fault: an arg in a read-only page whose contents are a valid request
            long ro = t.mm().mmap(t, 0, 4096, Prot.PROT_READ | Prot.PROT_WRITE, Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0, null);
            Rig.put(t, ro, Rig.le(32).putInt(0, buf));
            t.mm().mprotect(ro, 4096, Prot.PROT_READ);
            assertEquals(EFAULT, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, ro), "copy-out fault");
            Rig.put(t, arg, Rig.le(32).putInt(0, -1));
            assertEquals(EBADF, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg), "negative fd");
            int devnull = r.openFd(t, "/dev/null", 2);
            Rig.put(t, arg, Rig.le(32).putInt(0, devnull));
            assertEquals(EINVAL, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg), "not a dma-buf");
            Rig.put(t, arg, Rig.le(32).putInt(0, buf).putInt(28, 0x80000000));
            assertEquals(EINVAL, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg), "reserved != 0");
            Rig.put(t, arg, Rig.le(32).putInt(0, buf).putLong(8, 4097));
            assertEquals(EINVAL, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg), "len mismatch");
            assertEquals(ENOTTY, Rig.errno(t, dev, 0x40206801, arg), "MAP number with the W dir only");
            assertEquals(ENOTTY, Rig.errno(t, dev, 0xC0186801, arg), "MAP number with size 24");
            // an ION 4.9 dma-buf maps (attach + map_attachment) but has no vmap → ENOMEM, cleanly undone
            Ion ion = new Ion(r, t);
            int ionfd = ion.share(ion.alloc(8192, 0, 1 << IonUapi.ION_HEAP_TYPE_SYSTEM, 0));
            Rig.put(t, arg, Rig.le(32).putInt(0, ionfd));
            assertEquals(ENOMEM, Rig.errno(t, dev, HeapTest.HEAP_TEST_IOCTL_MAP, arg));
            assertTrue(r.k.log().contains("heap_test: sg[0]"), "the attachment was mapped before vmap failed");
            t.exit(0);
        }
    }
}
