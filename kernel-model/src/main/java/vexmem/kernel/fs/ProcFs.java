package vexmem.kernel.fs;

import java.util.ArrayList;
import java.util.List;
import vexmem.kernel.Kernel;
import vexmem.kernel.mm.MemInfo;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/**
 * procfs at /proc: meminfo, iomem, self, and per-process directories with maps, exe and fd/.
 * Everything is generated at lookup/open time from live kernel state. A Kernel service.
 */
public final class ProcFs {
    private final Kernel k;
    private final DirInode root;

    public ProcFs(Kernel k, Vfs vfs) {
        this.k = k;
        this.root = new Root();
        vfs.link("/proc", root);
    }

    public DirInode root() {
        return root;
    }

    private final class Root extends DirInode {
        private final Inode meminfo = new SeqInode(0444, t -> MemInfo.meminfo(k), null);
        private final Inode iomem = new SeqInode(0444, t -> MemInfo.iomem(k), null);
        private final Inode self = new SymlinkInode(t -> t == null ? "/proc" : Integer.toString(t.tgid()));

        Root() {
            super(0555, false);
        }

        @Override
        public Inode child(Task current, String name) {
            switch (name) {
                case "meminfo": return meminfo;
                case "iomem": return iomem;
                case "self": return self;
                default:
            }
            int pid = nameToInt(name);
            Task t = pid < 0 ? null : k.tasks().get(pid);
            return t == null ? null : new PidDir(t);
        }

        @Override
        public List<String> names(Task current) {
            List<String> out = new ArrayList<>();
            for (Task t : k.tasks().all()) {
                out.add(Integer.toString(t.pid()));
            }
            out.addAll(List.of("iomem", "meminfo", "self"));
            return out;
        }
    }

    /** /proc/&lt;pid&gt;. A fresh inode per lookup; fine because nothing compares their numbers. */
    private final class PidDir extends DirInode {
        private final Task task;

        PidDir(Task task) {
            super(0555, false);
            this.task = task;
        }

        @Override
        public Inode child(Task current, String name) {
            return switch (name) {
                case "maps" -> new SeqInode(0444, t -> maps(task), null);
                case "comm" -> new SeqInode(0444, t -> task.comm() + "\n", null);
                case "exe" -> new SymlinkInode(t -> task.exePath == null ? "" : task.exePath);
                case "cwd" -> new SymlinkInode(t -> task.cwd);
                case "fd" -> new FdDir(task);
                default -> null;
            };
        }

        @Override
        public List<String> names(Task current) {
            return List.of("comm", "cwd", "exe", "fd", "maps");
        }
    }

    /** /proc/&lt;pid&gt;/fd: one link per open descriptor, naming the file as d_path would. */
    private static final class FdDir extends DirInode {
        private final Task task;

        FdDir(Task task) {
            super(0500, false);
            this.task = task;
        }

        @Override
        public Inode child(Task current, String name) {
            int fd = nameToInt(name);
            if (fd < 0 || !task.files().isOpen(fd)) {
                return null;
            }
            String target = task.files().get(fd).path();
            return new SymlinkInode(t -> target);
        }

        @Override
        public List<String> names(Task current) {
            return task.files().openFds().stream().map(String::valueOf).toList();
        }
    }

    /**
     * fs/proc/util.c name_to_int: decimal digits only, no sign and no leading zero ("01", "+1" and
     * " 1" are not pids or fds), at most INT_MAX; -1 otherwise.
     */
    static int nameToInt(String name) {
        if (name.isEmpty() || name.length() > 10 || (name.length() > 1 && name.charAt(0) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /**
     * /proc/pid/maps in show_map_vma's format: fields, then the name padded to column 49. Adjacent
     * anonymous VMAs that Linux would have merged (vma_merge: same protection, sharing and name, e.g.
     * successive brk extensions) are shown as one line.
     */
    public static String maps(Task t) {
        StringBuilder sb = new StringBuilder();
        java.util.List<Vma> vmas = t.mm().vmas();
        for (int i = 0; i < vmas.size(); i++) {
            Vma v = vmas.get(i);
            long end = v.end();
            while (i + 1 < vmas.size() && mergeable(vmas.get(i + 1), v, end)) {
                end = vmas.get(++i).end();
            }
            File f = v.file();
            int prot = v.prot();
            long ino = f == null ? 0 : (f.inode != null ? f.inode.ino : f.id());
            String dev = f == null ? "00:00" : (f.inode != null ? "00:05" : "00:0a");
            String line = String.format("%08x-%08x %c%c%c%c %08x %s %d ", v.start(), end,
                    (prot & 1) != 0 ? 'r' : '-', (prot & 2) != 0 ? 'w' : '-', (prot & 4) != 0 ? 'x' : '-',
                    v.isShared() ? 's' : 'p', f == null ? 0 : v.pgoff() << 12, dev, ino);
            sb.append(line);
            String name = v.name();
            if (name != null) {
                for (int k = line.length(); k < 48; k++) {
                    sb.append(' ');
                }
                sb.append(' ').append(name);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static boolean mergeable(Vma next, Vma first, long end) {
        return next.start() == end && next.file() == null && first.file() == null && next.prot() == first.prot()
                && next.isShared() == first.isShared() && java.util.Objects.equals(next.name(), first.name());
    }
}
