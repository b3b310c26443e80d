package vexmem.kernel.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import vexmem.board.Board;
import vexmem.board.DeviceSpec;
import vexmem.board.DramBank;
import vexmem.board.IonHeapSpec;
import vexmem.board.ReservedRegion;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.DebugFs;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.Vfs;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.task.Task;

/** A booted test board: 256 MiB DRAM with CMA, carveout and chunk regions at the top, all drivers. */
public final class Rig implements AutoCloseable {
    public static final long DRAM = 0x60000000L, DRAM_SIZE = 0x10000000L;
    public static final long CMA_BASE = 0x6C000000L, CMA_SIZE = 32L << 20;
    public static final long CARVEOUT_BASE = 0x6E000000L, CARVEOUT_SIZE = 8L << 20;
    public static final long CHUNK_BASE = 0x6E800000L, CHUNK_SIZE = 8L << 20, CHUNK = 64L << 10;

    public final Kernel k;

    public Rig() {
        this(false);
    }

    public Rig(boolean allowCached) {
        this(allowCached, null);
    }

    public Rig(boolean allowCached, List<IonHeapSpec> heaps) {
        k = Kernel.boot(board(allowCached, heaps));
    }

    public static Board board(boolean allowCached, List<IonHeapSpec> heaps) {
        List<ReservedRegion> reserved = List.of(
                new ReservedRegion("linux,cma", "/reserved-memory/linux,cma", CMA_BASE, CMA_SIZE, false, false, true,
                        List.of("shared-dma-pool"), true, 1),
                new ReservedRegion("ion-carveout@6e000000", "/reserved-memory/ion-carveout@6e000000", CARVEOUT_BASE,
                        CARVEOUT_SIZE, false, true, false, List.of(), false, 2),
                new ReservedRegion("ion-chunk@6e800000", "/reserved-memory/ion-chunk@6e800000", CHUNK_BASE,
                        CHUNK_SIZE, false, true, false, List.of(), false, 3));
        if (heaps == null) {
            heaps = List.of(
                    new IonHeapSpec("system", 0, 0, null, 0, false),
                    new IonHeapSpec("system_contig", 1, 1, null, 0, false),
                    new IonHeapSpec("carveout", 2, 2, "/reserved-memory/ion-carveout@6e000000", 0, false),
                    new IonHeapSpec("chunk", 3, 3, "/reserved-memory/ion-chunk@6e800000", CHUNK, false),
                    new IonHeapSpec("cma", 4, 4, "/reserved-memory/linux,cma", 0, allowCached));
        }
        List<DeviceSpec> devices = List.of(
                new DeviceSpec("/dmabuf-test", "dmabuf-test", List.of("vexmem,dmabuf-test"), List.of()),
                new DeviceSpec("/vion", "vion", List.of("vexmem,vion"), List.of()),
                new DeviceSpec("/cma-mem", "cma-mem", List.of("vexmem,cma-mem"), List.of("/reserved-memory/linux,cma")),
                new DeviceSpec("/heap-test", "heap-test", List.of("vexmem,heap-test"), List.of()));
        return new Board("V2P-CA9", null, List.of(new DramBank(DRAM, DRAM_SIZE, "/memory@60000000")), reserved,
                heaps, devices);
    }

    public Task task(String comm) {
        return k.tasks().create(comm, null);
    }

    /** Scratch read/write user memory in the task. */
    public static long scratch(Task t, long len) {
        return t.mm().mmap(t, 0, len, Prot.PROT_READ | Prot.PROT_WRITE, Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0,
                null);
    }

    /** A read-only scratch page (copy-out faults there). */
    public static long readOnly(Task t) {
        return t.mm().mmap(t, 0, 4096, Prot.PROT_READ, Prot.MAP_PRIVATE | Prot.MAP_ANONYMOUS, null, 0, null);
    }

    public File open(Task t, String path, int flags) {
        return k.service(Vfs.class).open(t, path, flags, 0);
    }

    /** open() + fd install. */
    public int openFd(Task t, String path, int flags) {
        return t.files().install(open(t, path, flags), false);
    }

    public static long ioctl(Task t, int fd, int cmd, long arg) {
        File f = t.files().get(fd);
        return f.ops().unlockedIoctl(t, f, cmd, arg);
    }

    /** Runs an ioctl and returns 0 or the errno it failed with. */
    public static int errno(Task t, int fd, int cmd, long arg) {
        try {
            ioctl(t, fd, cmd, arg);
            return 0;
        } catch (KernelError e) {
            return e.errno();
        }
    }

    public static int errnoOf(Runnable r) {
        try {
            r.run();
            return 0;
        } catch (KernelError e) {
            return e.errno();
        }
    }

    public static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static void put(Task t, long uaddr, ByteBuffer b) {
        t.mm().copyToUser(uaddr, b.array());
    }

    public static ByteBuffer get(Task t, long uaddr, int len) {
        return ByteBuffer.wrap(t.mm().copyFromUser(uaddr, len)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The text of a debugfs file, or null when it does not exist. */
    public String debugfs(String rel) {
        try {
            return k.service(DebugFs.class).read(rel);
        } catch (KernelError e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** Shuts down and returns the leak report. */
    public List<String> shutdown() {
        return k.shutdown();
    }

    @Override
    public void close() {
        k.close();
    }

    public static final int EINVAL = Errno.EINVAL;
}
