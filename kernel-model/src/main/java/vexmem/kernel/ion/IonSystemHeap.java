package vexmem.kernel.ion;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.dmabuf.Scatterlist;
import vexmem.kernel.dmabuf.SgTable;
import vexmem.kernel.mm.MemInfo;
import vexmem.kernel.mm.PageSize;

/**
 * ion_system_heap: pages from per-order pools (orders 8, 4, 0), largest that fits first, the order
 * never increasing; one sg entry per block. Freed buffers are zeroed and go back to the pools.
 */
public final class IonSystemHeap extends IonHeap {
    static final int[] ORDERS = {8, 4, 0};

    private final IonPagePool[] uncached = new IonPagePool[ORDERS.length];
    private final IonPagePool[] cached = new IonPagePool[ORDERS.length];

    public IonSystemHeap(Kernel k, String name, int id) {
        super(k, name, IonUapi.ION_HEAP_TYPE_SYSTEM, id, FLAG_DEFER_FREE);
        for (int i = 0; i < ORDERS.length; i++) {
            uncached[i] = new IonPagePool(k, ORDERS[i], false);
            cached[i] = new IonPagePool(k, ORDERS[i], true);
        }
    }

    private record Block(long pfn, int order) { }

    @Override
    public void allocate(IonBuffer buffer, long len, long align, int flags) {
        if (align > PageSize.PAGE_SIZE) {
            throw new KernelError(Errno.EINVAL);
        }
        if (len / PageSize.PAGE_SIZE > MemInfo.totalramPages(kernel) / 2) { // totalram counts CMA pages
            throw new KernelError(Errno.ENOMEM);
        }
        IonPagePool[] pools = (flags & IonUapi.ION_FLAG_CACHED) != 0 ? cached : uncached;
        List<Block> blocks = new ArrayList<>();
        long remaining = PageSize.pageAlign(len);
        int maxOrder = ORDERS[0];
        while (remaining > 0) {
            Block got = null;
            for (int i = 0; i < ORDERS.length && got == null; i++) {
                int o = ORDERS[i];
                if (remaining < (PageSize.PAGE_SIZE << o) || maxOrder < o) {
                    continue;
                }
                long pfn = pools[i].alloc();
                if (pfn >= 0) {
                    got = new Block(pfn, o);
                }
            }
            if (got == null) {
                for (Block b : blocks) {
                    poolFor(pools, b.order).free(b.pfn);
                }
                throw new KernelError(Errno.ENOMEM);
            }
            blocks.add(got);
            remaining -= PageSize.PAGE_SIZE << got.order;
            maxOrder = got.order;
        }
        List<Scatterlist> sg = new ArrayList<>();
        for (Block b : blocks) {
            sg.add(Scatterlist.of(b.pfn, PageSize.PAGE_SIZE << b.order));
        }
        buffer.setSgTable(new SgTable(sg));
        buffer.priv = blocks;
    }

    private static IonPagePool poolFor(IonPagePool[] pools, int order) {
        for (IonPagePool p : pools) {
            if (p.order == order) {
                return p;
            }
        }
        throw new IllegalArgumentException("order " + order);
    }

    @Override
    public void free(IonBuffer buffer) {
        IonPagePool[] pools = buffer.cached() ? cached : uncached;
        @SuppressWarnings("unchecked")
        List<Block> blocks = (List<Block>) buffer.priv;
        for (Block b : blocks) {
            kernel.physicalMemory().zeroPages(PageSize.phys(b.pfn), PageSize.PAGE_SIZE << b.order);
            poolFor(pools, b.order).free(b.pfn);
        }
    }

    /**
     * ion_system_heap_shrink: 0 counts the pages in every pool; otherwise frees up to
     * {@code nrToScan} pages, uncached before cached at each order.
     */
    @Override
    protected long shrinkOp(long nrToScan) {
        long freed = 0;
        for (int i = 0; i < ORDERS.length; i++) {
            if (nrToScan == 0) {
                freed += uncached[i].shrink(0) + cached[i].shrink(0);
                continue;
            }
            freed += uncached[i].shrink(nrToScan - freed);
            if (freed >= nrToScan) {
                break;
            }
            freed += cached[i].shrink(nrToScan - freed);
            if (freed >= nrToScan) {
                break;
            }
        }
        return freed;
    }

    @Override
    public String debugShow() {
        StringBuilder sb = new StringBuilder();
        for (IonPagePool[] pools : new IonPagePool[][] {uncached, cached}) {
            String kind = pools == uncached ? "uncached" : "cached";
            for (IonPagePool p : pools) {
                sb.append(String.format("%d order %d highmem pages %s %d total\n", 0, p.order, kind, 0));
                sb.append(String.format("%d order %d lowmem pages %s %d total\n", p.lowCount(), p.order, kind,
                        (PageSize.PAGE_SIZE << p.order) * p.lowCount()));
            }
        }
        return sb.toString();
    }

    @Override
    public void destroy() {
        for (int i = 0; i < ORDERS.length; i++) {
            uncached[i].drain();
            cached[i].drain();
        }
    }
}
