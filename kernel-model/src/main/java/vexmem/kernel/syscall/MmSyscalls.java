package vexmem.kernel.syscall;

import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.mm.Prot;

/** mm/mmap.c, mm/mprotect.c, mm/madvise.c entry points. */
final class MmSyscalls {
    private MmSyscalls() {
    }

    static void register(Reg r) {
        r.add(Nr.mmap2, "mmap2", (t, a) -> {
            long addr = a.arg(0);
            long len = a.arg(1);
            int prot = a.intArg(2) & (Prot.PROT_READ | Prot.PROT_WRITE | Prot.PROT_EXEC);
            int flags = a.intArg(3);
            int fd = a.intArg(4);
            long pgoff = a.arg(5);
            // sys_mmap_pgoff looks the fd up first (EBADF); do_mmap makes the other checks in its own
            // order, the file's access mode last. Unknown prot bits are ignored by mmap (not mprotect).
            File f = (flags & Prot.MAP_ANONYMOUS) == 0 ? t.files().get(fd) : null;
            return t.mm().mmap(t, addr, len, prot, flags, f, f == null ? 0 : pgoff, null);
        });
        r.add(Nr.munmap, "munmap", (t, a) -> {
            t.mm().munmap(a.arg(0), a.arg(1));
            return 0;
        });
        r.add(Nr.mprotect, "mprotect", (t, a) -> {
            t.mm().mprotect(a.arg(0), a.arg(1), a.intArg(2));
            return 0;
        });
        r.add(Nr.brk, "brk", (t, a) -> t.mm().brk(a.arg(0)));
        // Advice changes nothing observable in this model (no swap, no page cache).
        r.add(Nr.madvise, "madvise", (t, a) -> 0);
        r.add(Nr.mremap, "mremap", (t, a) -> {
            throw new KernelError(Errno.ENOMEM, "mremap not modelled");
        });
    }
}
