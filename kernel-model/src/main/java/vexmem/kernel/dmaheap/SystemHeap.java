package vexmem.kernel.dmaheap;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.DmaBuf;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.mm.PageAllocator;
import vexmem.kernel.mm.PageSize;

/** The "system" DMA-BUF heap: zeroed pages in blocks of order 8, 4 and 0, largest first. */
public final class SystemHeap implements DmaHeapOps {
    public static final String NAME = "system";
    private static final int[] ORDERS = {8, 4, 0};
    private final Kernel kernel;

    public SystemHeap(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public DmaBuf allocate(DmaHeap heap, long len, int fdFlags, long heapFlags) {
        // Unlike ION's system heap, 5.10's has no totalram_pages / 2 cap (Android carries one out of
        // tree): a request is refused only when the pages run out.
        PageAllocator pa = kernel.pageAllocator();
        List<Scatterlist> sg = new ArrayList<>();
        List<long[]> blocks = new ArrayList<>();
        long remaining = len;
        int maxOrder = ORDERS[0];
        while (remaining > 0) {
            long pfn = -1;
            int order = -1;
            for (int o : ORDERS) {
                if (remaining < (PageSize.PAGE_SIZE << o) || maxOrder < o) {
                    continue;
                }
                pfn = pa.allocPages(o);
                if (pfn >= 0) {
                    order = o;
                    break;
                }
            }
            if (pfn < 0) {
                for (long[] b : blocks) {
                    pa.freePages(b[0], (int) b[1]);
                }
                throw new KernelError(Errno.ENOMEM);
            }
            kernel.physicalMemory().zeroPages(PageSize.phys(pfn), PageSize.PAGE_SIZE << order);
            blocks.add(new long[] {pfn, order});
            sg.add(Scatterlist.of(pfn, PageSize.PAGE_SIZE << order));
            remaining -= PageSize.PAGE_SIZE << order;
            maxOrder = order;
        }
        HeapBuffer hb = new HeapBuffer(kernel, sg, () -> {
            for (long[] b : blocks) {
                pa.freePages(b[0], (int) b[1]);
            }
        });
        return DmaBuf.export(kernel, "system", hb, len, fdFlags, hb);
    }
}
