package vexmem.kernel.fs;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;

/**
 * The misc character device class (major 10): misc_register gives a dynamic minor and creates
 * /dev/&lt;name&gt;. Dynamic minors are handed out from 63 downwards and reused, as
 * drivers/char/misc.c does with its DYNAMIC_MINORS bitmap. A Kernel service.
 */
public final class MiscDevices {
    public static final int MISC_MAJOR = 10;
    private static final int DYNAMIC_MINORS = 64;

    private final CharDevices chrdevs;
    private final BitSet used = new BitSet(DYNAMIC_MINORS);
    private final Map<String, Integer> minors = new HashMap<>();

    public MiscDevices(CharDevices chrdevs) {
        this.chrdevs = chrdevs;
    }

    /** misc_register: returns the minor; EBUSY if the name is taken or no minor is left. */
    public synchronized int register(String name, FileOperations fops) {
        if (minors.containsKey(name)) {
            throw new KernelError(Errno.EBUSY, name);
        }
        int i = used.nextClearBit(0);
        if (i >= DYNAMIC_MINORS) {
            throw new KernelError(Errno.EBUSY, "no dynamic misc minor");
        }
        int minor = DYNAMIC_MINORS - i - 1;
        chrdevs.register(name, MISC_MAJOR, minor, fops);
        used.set(i);
        minors.put(name, minor);
        return minor;
    }

    /** misc_deregister. */
    public synchronized void deregister(String name) {
        Integer minor = minors.remove(name);
        if (minor == null) {
            throw new KernelError(Errno.ENOENT, name);
        }
        used.clear(DYNAMIC_MINORS - minor - 1);
        chrdevs.unregister(name);
    }

    public synchronized Integer minorOf(String name) {
        return minors.get(name);
    }
}
