package vexmem.kernel.drivers;

import java.util.Map;
import java.util.function.BiFunction;
import vexmem.board.DeviceSpec;
import vexmem.kernel.Kernel;

/**
 * Binds the board's device nodes to the document drivers by compatible string (platform driver
 * probe). Each bound driver's remove runs at shutdown like rmmod, through {@link Kernel#addExitcall}.
 */
public final class Drivers {
    /** A probe: returns the driver's remove hook, or throws when the device cannot be bound. */
    @FunctionalInterface
    public interface Probe extends BiFunction<Kernel, DeviceSpec, Runnable> {
    }

    static final Map<String, Probe> TABLE = Map.of(
            DmabufTest.COMPATIBLE, DmabufTest::probe,
            Vion.COMPATIBLE, Vion::probe,
            CmaMem.COMPATIBLE, CmaMem::probe,
            HeapTest.COMPATIBLE, HeapTest::probe);

    /** The drivers bound at boot ("lsmod"): driver compatible string and the device node it probed. */
    public record Loaded(java.util.List<String[]> modules) {
    }

    private Drivers() {
    }

    public static Runnable init(Kernel k) {
        Loaded loaded = new Loaded(new java.util.ArrayList<>());
        k.register(Loaded.class, loaded);
        for (DeviceSpec d : k.board().devices()) {
            for (String c : d.compatible()) {
                Probe p = TABLE.get(c);
                if (p == null) {
                    continue;
                }
                try {
                    Runnable remove = p.apply(k, d);
                    k.log().info("%s: probed %s", d.name(), d.path());
                    loaded.modules().add(new String[] {c, d.path()});
                    if (remove != null) {
                        k.addExitcall(remove);
                    }
                } catch (RuntimeException e) {
                    k.log().err("%s: probe of %s failed: %s", d.name(), d.path(), e.getMessage());
                }
                break;
            }
        }
        return null;
    }
}
