package vexmem.guest.java;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import vexmem.kernel.user.GuestProgram;

/** The Java guests by name; the names are those of the C binaries in guest-programs/bin. */
public final class JavaGuests {
    private static final Map<String, Supplier<GuestProgram>> ALL;

    static {
        Map<String, Supplier<GuestProgram>> m = new LinkedHashMap<>();
        m.put("ion_alloc_demo", IonAllocDemo::new);
        m.put("dmabuf_user_to_kernel", DmabufUserToKernel::new);
        m.put("dmabuf_kernel_to_user", DmabufKernelToUser::new);
        m.put("dmabuf_share_service", DmabufShareService::new);
        m.put("dmabuf_share_client", DmabufShareClient::new);
        m.put("ion_kernel_alloc", IonKernelAlloc::new);
        m.put("vion_test", VionTest::new);
        m.put("dma_heap_demo", DmaHeapDemo::new);
        m.put("ion_share_import", IonShareImport::new);
        m.put("cma_mem_test", CmaMemTest::new);
        ALL = Collections.unmodifiableMap(m);
    }

    private JavaGuests() {
    }

    /** Every name, in document order. */
    public static Set<String> names() {
        return ALL.keySet();
    }

    /** A fresh instance of the named program. */
    public static Optional<GuestProgram> create(String name) {
        Supplier<GuestProgram> s = ALL.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }
}
