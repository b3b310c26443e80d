package vexmem.kernel.inspect;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Kernel;
import vexmem.kernel.drivers.Drivers;
import vexmem.kernel.fs.DebugFs;
import vexmem.kernel.fs.Inode;
import vexmem.kernel.fs.ProcFs;
import vexmem.kernel.fs.SeqInode;
import vexmem.kernel.fs.Vfs;
import vexmem.kernel.ion.IonDevice;
import vexmem.kernel.ion.IonHeap;
import vexmem.kernel.mm.MemInfo;
import vexmem.kernel.task.Task;

/** Host-side views of a running kernel for {@code vexmem board} and {@code vexmem run --dump}. */
public final class Inspect {
    private Inspect() {
    }

    public static String iomem(Kernel k) {
        return MemInfo.iomem(k);
    }

    public static String meminfo(Kernel k) {
        return MemInfo.meminfo(k);
    }

    /** Every debugfs file with its contents, "==> path <==" before each, as {@code tail} prints them. */
    public static String debugfs(Kernel k) {
        StringBuilder s = new StringBuilder();
        Vfs vfs = k.service(Vfs.class);
        for (String f : files(vfs, DebugFs.ROOT)) {
            Inode n = vfs.lookup(f);
            if (n instanceof SeqInode) {
                String rel = f.substring(DebugFs.ROOT.length() + 1);
                String body;
                try {
                    body = k.service(DebugFs.class).read(rel);
                } catch (RuntimeException e) {
                    body = "(unreadable: " + e.getMessage() + ")\n";
                }
                s.append("==> ").append(f).append(" <==\n").append(body);
                if (!body.endsWith("\n")) {
                    s.append('\n');
                }
            }
        }
        return s.toString();
    }

    /** Regular files under {@code dir}, depth first, sorted. */
    public static List<String> files(Vfs vfs, String dir) {
        List<String> out = new ArrayList<>();
        for (String name : vfs.list(dir)) {
            String p = dir + "/" + name;
            Inode n = vfs.lookup(p);
            if (n == null) {
                continue;
            }
            if (n.isDir()) {
                out.addAll(files(vfs, p));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Device nodes under /dev: "/dev/ion  c 10:59". */
    public static List<String> devices(Kernel k) {
        Vfs vfs = k.service(Vfs.class);
        List<String> out = new ArrayList<>();
        for (String p : files(vfs, "/dev")) {
            Inode n = vfs.lookup(p);
            if (n != null && n.isChr()) {
                out.add(String.format("%-28s c %d:%d", p, (n.rdev >>> 8) & 0xfff, (n.rdev & 0xff) | ((n.rdev >>> 12) & ~0xff)));
            }
        }
        return out;
    }

    /** ION heaps as the ION device registered them: id, type, name. */
    public static List<String> heaps(Kernel k) {
        List<String> out = new ArrayList<>();
        k.findService(IonDevice.class).ifPresent(ion -> {
            for (IonHeap h : ion.heaps()) {
                String[] types = {"system", "system_contig", "carveout", "chunk", "dma"};
                String type = h.type() >= 0 && h.type() < types.length ? types[h.type()] : Integer.toString(h.type());
                out.add(String.format("ion       id %-2d %-14s %s", h.id(), type, h.name()));
            }
        });
        for (String p : files(k.service(Vfs.class), "/dev")) {
            if (p.startsWith("/dev/dma_heap/")) {
                out.add("dma-heap  " + p.substring("/dev/dma_heap/".length()));
            }
        }
        return out;
    }

    /** The drivers bound at boot, as lsmod would list them. */
    public static List<String> modules(Kernel k) {
        List<String> out = new ArrayList<>();
        k.findService(Drivers.Loaded.class).ifPresent(l -> {
            for (String[] m : l.modules()) {
                out.add(String.format("%-22s bound to %s", m[0], m[1]));
            }
        });
        return out;
    }

    public static String maps(Task t) {
        return ProcFs.maps(t);
    }
}
