package vexmem.guest;

import java.util.List;
import java.util.Optional;

/** The nine demos of the source documents, in document order. */
public final class DemoCatalog {
    public static final List<Demo> ALL = List.of(
            new Demo("ion-alloc", "000 §2.4.1", "user space allocates, maps and fills a dma-heap ION buffer",
                    List.of(List.of("ion_alloc_demo")), List.of()),
            new Demo("user-to-kernel", "000 §3.1.1", "a driver reads a user-allocated dma-buf (\"abcd\")",
                    List.of(List.of("dmabuf_user_to_kernel")), List.of("buf data:abcd")),
            new Demo("kernel-to-user", "000 §3.1.2", "user space maps a driver's buffer and reads \"efgh\"",
                    List.of(List.of("dmabuf_kernel_to_user")), List.of()),
            new Demo("two-process-share", "000 §3.2", "a dma-buf fd crosses an AF_UNIX socket (SCM_RIGHTS)",
                    List.of(List.of("dmabuf_share_service"), List.of("dmabuf_share_client")), List.of()),
            new Demo("kernel-alloc", "000 §3.3", "a driver allocates from ION with a kernel client",
                    List.of(List.of("ion_kernel_alloc")), List.of()),
            new Demo("vion", "001", "vion_dev stores a string in a registered ION buffer",
                    List.of(List.of("vion_test")), List.of()),
            new Demo("dma-heap", "002", "DMA-BUF heap allocation and an importer driver (heap_test)",
                    List.of(List.of("dma_heap_demo")), List.of()),
            new Demo("share-import", "003", "ION SHARE / IMPORT / CUSTOM and the debugfs views",
                    List.of(List.of("ion_share_import")), List.of()),
            new Demo("cma-mem", "004", "cma_mem maps three CMA blocks into the caller from its ioctl",
                    List.of(List.of("cma_mem_test")), List.of()));

    private DemoCatalog() {
    }

    public static Optional<Demo> byId(String id) {
        return ALL.stream().filter(d -> d.id().equals(id)).findFirst();
    }
}
