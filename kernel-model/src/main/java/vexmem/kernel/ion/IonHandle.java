package vexmem.kernel.ion;

/** struct ion_handle: a client's reference to a buffer, named by a per-client id ≥ 1. */
public final class IonHandle {
    private final IonClient client;
    private final IonBuffer buffer;
    final int id;
    int refcount = 1;
    int kmapCnt;

    IonHandle(IonClient client, IonBuffer buffer, int id) {
        this.client = client;
        this.buffer = buffer;
        this.id = id;
    }

    public IonClient client() {
        return client;
    }

    public IonBuffer buffer() {
        return buffer;
    }

    public int id() {
        return id;
    }

    public int refcount() {
        synchronized (client) {
            return refcount;
        }
    }

    @Override
    public String toString() {
        return "ion_handle(" + client.displayName() + "#" + id + ")";
    }
}
