package vexmem.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vexmem.kernel.Kernel;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.task.Task;

/** dup_mmap for fork: private pages copied, shared anonymous pages and PFN mappings shared. */
class AddressSpaceDupTest {
    private static final int RW = Prot.PROT_READ | Prot.PROT_WRITE;
    private Kernel k;
    private BuddyAllocator pages;
    private AddressSpace parent;
    private AddressSpace child;
    private long free0;

    @BeforeEach
    void boot() {
        k = Kernel.boot(TestBoards.board(4L << 20));
        pages = k.service(BuddyAllocator.class);
        parent = new AddressSpace(k.physicalMemory(), pages);
        child = new AddressSpace(k.physicalMemory(), pages);
        free0 = pages.freePageCount();
    }

    @AfterEach
    void shutdown() {
        parent.exitMmap();
        child.exitMmap();
        assertEquals(free0, pages.freePageCount(), "every page back");
        assertTrue(pages.isFullyMerged());
        k.close();
    }

    @Test
    void privateAnonymousMemoryIsCopied() {
        long a = parent.mmap(null, 0, 3 * 4096, RW, Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0, null);
        long none = parent.mmap(null, 0, 4096, Prot.PROT_NONE, Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0, null);
        parent.initBrk(0x100000);
        parent.copyToUser(a + 4090, "across pages".getBytes());
        long before = pages.freePageCount();
        parent.dup(child);
        assertEquals(before - 3, pages.freePageCount(), "three fresh pages (the PROT_NONE one is absent)");
        assertArrayEquals("across pages".getBytes(), child.copyFromUser(a + 4090, 12));
        assertNotEquals(parent.findVma(a).pfnAt(0), child.findVma(a).pfnAt(0));
        assertEquals(Prot.PROT_NONE, child.findVma(none).prot());
        assertEquals(0x100000, child.brkStart());
        child.copyToUser(a + 4090, "CHILD".getBytes());
        assertArrayEquals("across".getBytes(), parent.copyFromUser(a + 4090, 6));
        child.exitMmap();
        assertEquals(before, pages.freePageCount(), "the child's copies are freed at its exit");
    }

    @Test
    void sharedAnonymousPagesAreSharedAndFreedByTheLastUnmap() {
        long a = parent.mmap(null, 0, 2 * 4096, RW, Prot.MAP_SHARED | Prot.MAP_ANONYMOUS, null, 0, null);
        long before = pages.freePageCount();
        parent.dup(child);
        assertEquals(before, pages.freePageCount(), "no copy");
        child.copyToUser(a, "from the child".getBytes());
        assertArrayEquals("from the child".getBytes(), parent.copyFromUser(a, 14));
        parent.munmap(a, 2 * 4096);
        assertEquals(before, pages.freePageCount(), "still mapped by the child");
        assertArrayEquals("from the child".getBytes(), child.copyFromUser(a, 14));
        child.munmap(a, 4096);
        assertEquals(before + 1, pages.freePageCount());
    }

    @Test
    void pfnMappingsShareFramesTakeAFileReferenceAndCallOpen() {
        long pfn = pages.allocPagesExact(2);
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        VmOperations vmops = new VmOperations() {
            @Override
            public void open(Vma vma) {
                opens.incrementAndGet();
            }

            @Override
            public void close(Vma vma) {
                closes.incrementAndGet();
            }
        };
        FileOperations ops = new FileOperations() {
            @Override
            public void mmap(Task current, File file, Vma vma) {
                AddressSpace.remapPfnRange(vma, vma.start(), pfn, vma.length(), vma.prot());
                vma.ops = vmops;
            }

            @Override
            public void release(File file) {
                released.incrementAndGet();
            }
        };
        File f = new File("/dev/test", null, ops, 2, k.objects());
        long u = parent.mmap(null, 0, 2 * 4096, RW, Prot.MAP_SHARED, f, 0, null);
        f.put();
        parent.dup(child);
        assertEquals(1, opens.get());
        assertEquals(pfn, child.findVma(u).pfnAt(0));
        child.copyToUser(u + 4096, "dma".getBytes());
        assertArrayEquals("dma".getBytes(), parent.copyFromUser(u + 4096, 3));
        parent.exitMmap();
        assertEquals(0, released.get(), "the child's VMA still holds the file");
        child.exitMmap();
        assertEquals(1, released.get());
        assertEquals(2, closes.get());
        pages.freePages(pfn, 0);
        pages.freePages(pfn + 1, 0);
    }
}
