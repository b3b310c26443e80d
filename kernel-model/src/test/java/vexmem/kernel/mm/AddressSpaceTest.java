package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.task.Task;

class AddressSpaceTest {
    private static final int RW = Prot.PROT_READ | Prot.PROT_WRITE;
    private static final int ANON = Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS;
    private Kernel k;
    private BuddyAllocator pages;
    private AddressSpace mm;
    private long free0;

    @BeforeEach
    void boot() {
        k = Kernel.boot(TestBoards.board(4L << 20)); // 1024 pages: easy to exhaust
        pages = k.service(BuddyAllocator.class);
        mm = new AddressSpace(k.physicalMemory(), pages);
        free0 = pages.freePageCount();
    }

    @AfterEach
    void shutdown() {
        mm.exitMmap();
        assertEquals(free0, pages.freePageCount(), "exit_mmap returns every page");
        assertTrue(pages.isFullyMerged());
        k.close();
    }

    private static int errno(Runnable r) {
        return assertThrows(KernelError.class, r::run).errno();
    }

    @Test
    void anonymousMmapIsZeroedTopDownAndOwnsItsPages() {
        long a = mm.mmap(null, 0, 3 * 4096 - 5, RW, ANON, null, 0, null);
        assertEquals(AddressSpace.MMAP_BASE - 3 * 4096, a);
        assertEquals(free0 - 3, pages.freePageCount());
        assertArrayEquals(new byte[100], mm.copyFromUser(a + 4000, 100));
        mm.copyToUser(a + 4090, "hello world".getBytes());
        assertArrayEquals("hello world".getBytes(), mm.copyFromUser(a + 4090, 11));
        long b = mm.mmap(null, 0, 4096, RW, ANON, null, 0, null);
        assertEquals(a - 4096, b);
        assertEquals(Errno.EINVAL, errno(() -> mm.mmap(null, 0, 0, RW, ANON, null, 0, null)));
        assertEquals(Errno.ENOMEM, errno(() -> mm.mmap(null, 0, 2000 * 4096L, RW, ANON, null, 0, null)));
        assertEquals(free0 - 4, pages.freePageCount(), "a failed mmap gives its pages back");
    }

    @Test
    void fixedMappingReplacesAndMunmapSplits() {
        long a = mm.mmap(null, 0x10000, 8 * 4096, RW, ANON | Prot.MAP_FIXED, null, 0, null);
        assertEquals(0x10000, a);
        mm.putUserInt(a + 2 * 4096, 0x1234);
        mm.mmap(null, a + 2 * 4096, 2 * 4096, Prot.PROT_READ, ANON | Prot.MAP_FIXED, null, 0, "[fixed]");
        assertEquals(3, mm.vmas().size());
        assertEquals(0, mm.getUserInt(a + 2 * 4096), "the fixed mapping replaced the old pages");
        assertEquals(free0 - 8, pages.freePageCount());
        assertEquals(Errno.EEXIST, errno(() -> mm.mmap(null, a, 4096, RW, ANON | Prot.MAP_FIXED_NOREPLACE, null, 0, null)));
        mm.munmap(a + 5 * 4096, 4096);
        assertEquals(4, mm.vmas().size());
        assertNull(mm.findVma(a + 5 * 4096));
        assertEquals(a + 6 * 4096, mm.findVma(a + 6 * 4096).start());
        assertEquals(free0 - 7, pages.freePageCount());
        assertEquals(Errno.EINVAL, errno(() -> mm.munmap(a + 1, 4096)));
        assertEquals(Errno.EINVAL, errno(() -> mm.munmap(a, 0)));
        mm.munmap(a, 8 * 4096);
        assertTrue(mm.vmas().isEmpty());
        assertEquals(free0, pages.freePageCount());
    }

    @Test
    void mprotectAndUserCopyFaults() {
        long a = mm.mmap(null, 0, 4 * 4096, RW, ANON, null, 0, null);
        mm.mprotect(a + 4096, 4096, Prot.PROT_READ);
        assertEquals(3, mm.vmas().size());
        assertEquals(Errno.EFAULT, errno(() -> mm.copyToUser(a + 4096, new byte[1])));
        // a write spanning into the read-only page changes nothing, even in the writable part
        assertEquals(Errno.EFAULT, errno(() -> mm.copyToUser(a + 4090, new byte[10])));
        mm.copyFromUser(a + 4096, 4096);
        assertEquals(Errno.EFAULT, errno(() -> mm.copyFromUser(a - 4096, 1)));
        assertEquals(Errno.EFAULT, errno(() -> mm.copyFromUser(a + 4 * 4096 - 2, 4)));
        assertFalse(mm.accessOk(a, 3 * 4096, Prot.PROT_WRITE));
        assertTrue(mm.accessOk(a, 3 * 4096, Prot.PROT_READ));
        assertEquals(Errno.ENOMEM, errno(() -> mm.mprotect(a, 5 * 4096, Prot.PROT_READ)));
        assertEquals(Errno.EINVAL, errno(() -> mm.mprotect(a + 1, 4096, Prot.PROT_READ)));
        long n = mm.mmap(null, 0, 2 * 4096, Prot.PROT_NONE, ANON, null, 0, null);
        long before = pages.freePageCount();
        assertEquals(Errno.EFAULT, errno(() -> mm.copyFromUser(n, 1)));
        mm.mprotect(n, 2 * 4096, RW);
        assertEquals(before - 2, pages.freePageCount());
        mm.copyToUser(n, new byte[] {1});
    }

    @Test
    void failedPopulateInMprotectLeavesNoDanglingPages() {
        long n = mm.mmap(null, 0, 2000 * 4096L, Prot.PROT_NONE, ANON, null, 0, null);
        assertEquals(Errno.ENOMEM, errno(() -> mm.mprotect(n, 2000 * 4096L, RW)));
        assertEquals(free0, pages.freePageCount());
        assertEquals(Errno.EFAULT, errno(() -> mm.copyFromUser(n, 1)));
        // exit_mmap (in @AfterEach) must not free anything twice
    }

    @Test
    void brkGrowsAndShrinks() {
        mm.initBrk(0x20000);
        assertEquals(0x20000, mm.brk(0));
        assertEquals(0x20000 + 5000, mm.brk(0x20000 + 5000));
        assertEquals(free0 - 2, pages.freePageCount());
        mm.putUserInt(0x20000 + 4996, 42);
        assertEquals("[heap]", mm.findVma(0x20000).name());
        assertEquals(0x20000 + 3 * 4096, mm.brk(0x20000 + 3 * 4096));
        assertEquals(42, mm.getUserInt(0x20000 + 4996));
        assertEquals(0x20100, mm.brk(0x20100));
        assertEquals(free0 - 1, pages.freePageCount());
        assertEquals(Errno.EFAULT, errno(() -> mm.copyFromUser(0x21000, 1)));
        assertEquals(0x20100, mm.brk(0x1000), "below the start: unchanged");
        assertEquals(0x20100, mm.brk(0x20000 + 2000 * 4096L), "out of memory: unchanged");
        assertEquals(free0 - 1, pages.freePageCount());
    }

    @Test
    void remapPfnRangeMapsDriverPagesWithoutOwningThem() {
        long pfn = pages.allocPagesExact(2);
        k.physicalMemory().write(PageSize.phys(pfn), "device".getBytes());
        AtomicInteger released = new AtomicInteger();
        FileOperations ops = new FileOperations() {
            @Override
            public void mmap(Task current, File file, Vma vma) {
                AddressSpace.remapPfnRange(vma, vma.start(), pfn + vma.pgoff(), vma.length(), vma.prot());
            }

            @Override
            public void release(File file) {
                released.incrementAndGet();
            }
        };
        File f = new File("/dev/test", null, ops, 2, k.objects());
        long u = mm.mmap(null, 0, 2 * 4096, RW, Prot.MAP_SHARED, f, 0, null);
        Vma v = mm.findVma(u);
        assertEquals(Vma.VM_PFNMAP | Vma.VM_IO, v.vmFlags() & (Vma.VM_PFNMAP | Vma.VM_IO));
        assertFalse(v.ownsPages());
        assertEquals(pfn + 1, v.pfnAt(1));
        assertArrayEquals("device".getBytes(), mm.copyFromUser(u, 6));
        assertThrows(KernelError.class, () -> AddressSpace.remapPfnRange(v, v.end(), pfn, 4096, RW));
        mm.munmap(u + 4096, 4096); // split: the file is referenced by both halves until each goes
        f.put();
        assertEquals(0, released.get());
        mm.munmap(u, 4096);
        assertEquals(1, released.get());
        assertEquals(free0 - 2, pages.freePageCount(), "PFNMAP pages stay with the driver");
        pages.freePages(pfn, 0);
        pages.freePages(pfn + 1, 0);
    }
}
