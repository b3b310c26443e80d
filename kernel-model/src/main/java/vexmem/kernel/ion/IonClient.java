package vexmem.kernel.ion;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.task.Task;

/**
 * struct ion_client: one open of /dev/ion (named by the opener's tgid) or a kernel user (named by the
 * driver). Owns handles in an idr whose ids are the lowest free number ≥ 1.
 */
public final class IonClient {
    private final IonDevice dev;
    private final String name;
    private final int displaySerial;
    private final String displayName;
    private final Task task;
    private final int pid;
    private final TreeMap<Integer, IonHandle> idr = new TreeMap<>();
    private final Map<IonBuffer, IonHandle> byBuffer = new IdentityHashMap<>();
    boolean destroyed;

    IonClient(IonDevice dev, String name, int displaySerial, Task task) {
        this.dev = dev;
        this.name = name;
        this.displaySerial = displaySerial;
        this.displayName = name + "-" + displaySerial;
        this.task = task;
        this.pid = task == null ? 0 : task.tgid();
    }

    public IonDevice device() {
        return dev;
    }

    /** The client's name (the tgid for /dev/ion opens). */
    public String name() {
        return name;
    }

    /** The serial in the debugfs name: one above the highest among live clients of the same name. */
    int displaySerial() {
        return displaySerial;
    }

    /** debugfs name: &lt;name&gt;-&lt;serial&gt;. */
    public String displayName() {
        return displayName;
    }

    /** The task that opened /dev/ion; null for kernel clients. */
    public Task task() {
        return task;
    }

    public int pid() {
        return pid;
    }

    /** What debugfs heap files show for this client: the comm, or the name for kernel clients. */
    String debugName() {
        return task != null ? task.comm() : name;
    }

    public synchronized List<IonHandle> handles() {
        return new ArrayList<>(idr.values());
    }

    synchronized IonHandle createHandle(IonBuffer buffer) {
        int id = 1;
        for (int used : idr.keySet()) {
            if (used != id) {
                break;
            }
            id++;
        }
        IonHandle h = new IonHandle(this, buffer, id);
        buffer.get();
        synchronized (buffer) {
            buffer.handleCount++;
        }
        idr.put(id, h);
        byBuffer.put(buffer, h);
        dev.kernel().objects().created(h);
        return h;
    }

    /** ion_handle_get_by_id: EINVAL when the id is not live. */
    synchronized IonHandle byId(int id) {
        IonHandle h = idr.get(id);
        if (h == null) {
            throw new KernelError(Errno.EINVAL);
        }
        return h;
    }

    synchronized IonHandle byBuffer(IonBuffer b) {
        return byBuffer.get(b);
    }

    synchronized boolean isValid(IonHandle h) {
        return h != null && idr.get(h.id) == h;
    }

    synchronized void handleGet(IonHandle h) {
        h.refcount++;
    }

    /** ion_handle_put: at zero the id leaves the idr and the buffer reference is dropped. */
    void handlePut(IonHandle h) {
        synchronized (this) {
            if (--h.refcount > 0) {
                return;
            }
            idr.remove(h.id);
            byBuffer.remove(h.buffer());
        }
        destroyHandle(h);
    }

    private void destroyHandle(IonHandle h) {
        IonBuffer b = h.buffer();
        if (h.kmapCnt > 0) { // ion_handle_destroy: the handle's kmaps hold one buffer kmap
            h.kmapCnt = 0;
            dev.bufferKmapPut(b);
        }
        synchronized (b) {
            // ion_buffer_remove_from_handle: remember who held it last, for the orphan list
            if (--b.handleCount == 0) {
                b.taskComm = task != null ? task.comm() : name;
                b.pid = pid;
            }
        }
        dev.kernel().objects().destroyed(h);
        b.put();
    }

    /** Destroys every handle whatever its refcount (ion_client_destroy). */
    void destroyAllHandles() {
        List<IonHandle> all;
        synchronized (this) {
            all = new ArrayList<>(idr.values());
            idr.clear();
            byBuffer.clear();
        }
        for (IonHandle h : all) {
            destroyHandle(h);
        }
    }

    @Override
    public String toString() {
        return "ion_client(" + displayName + ")";
    }
}
