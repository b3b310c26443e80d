package vexmem.kernel.mm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import vexmem.kernel.Errno;
import vexmem.kernel.KernelError;
import vexmem.kernel.fs.File;
import vexmem.kernel.task.Task;

/**
 * mm_struct: one process's user address space as a sorted set of VMAs over board physical pages.
 * All user-memory access from the kernel (copy_from_user and friends) translates through here, so a
 * Java guest and an ARM guest that share a buffer touch the same physical bytes. Observers (the CPU
 * emulator) are told about every change so they can mirror it without copying memory.
 */
public final class AddressSpace {
    /** ARM's TASK_SIZE with the 3G/1G split: user space ends 16 MiB below PAGE_OFFSET. */
    public static final long TASK_SIZE = 0xbf000000L;
    /** Where top-down mmap allocation starts (below the stack and its guard gap). */
    public static final long MMAP_BASE = 0xb6fff000L;
    public static final long MMAP_MIN_ADDR = 0x8000L;
    /** Anonymous memory is allocated in physically contiguous runs of at most this many pages. */
    private static final int ANON_RUN_PAGES = 1024;

    /** Notified after every change; used by the CPU emulator to mirror mappings. */
    public interface Observer {
        void mapped(Vma vma);

        void unmapped(long start, long end);

        void protectionChanged(long start, long end, int prot);
    }

    /**
     * Sees the user memory the kernel reads and writes on behalf of the process (copy_from_user,
     * copy_to_user, strncpy_from_user): the scenario recorder's capture of what crossed the boundary.
     */
    public interface UserAccess {
        void read(long uaddr, byte[] data);

        void written(long uaddr, byte[] data);
    }

    private volatile UserAccess userAccess;
    private final PhysicalMemory phys;
    private final PageAllocator pages;
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private long brkStart;
    private long brk;
    /** mm_users: tasks using this address space (more than one only for a CLONE_VM vfork child). */
    private int users = 1;

    public AddressSpace(PhysicalMemory phys, PageAllocator pages) {
        this.phys = phys;
        this.pages = pages;
    }

    /** mmget: one more task uses this address space (CLONE_VM). */
    public synchronized void getUser() {
        users++;
    }

    /** mmput: true when the caller was the last user and must tear the address space down. */
    public synchronized boolean putUser() {
        return --users == 0;
    }

    public synchronized int users() {
        return users;
    }

    public PhysicalMemory physicalMemory() {
        return phys;
    }

    public void addObserver(Observer o) {
        observers.add(o);
    }

    public void removeObserver(Observer o) {
        observers.remove(o);
    }

    /** Installs (or with null removes) the capture of user-memory accesses. */
    public void setUserAccess(UserAccess a) {
        userAccess = a;
    }

    public List<Vma> vmas() {
        return List.copyOf(vmas.values());
    }

    /** find_vma: the VMA containing {@code addr}, or null. */
    public Vma findVma(long addr) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        return e != null && addr < e.getValue().end ? e.getValue() : null;
    }

    // ---------------------------------------------------------------- mapping

    /**
     * do_mmap for the kernel's own callers (system call, vm_mmap from a driver, the ELF loader).
     * {@code current} is the task on whose behalf a file's mmap op runs.
     * Returns the mapped address; errors as KernelError with Linux's errno.
     */
    public long mmap(Task current, long addr, long len, int prot, int flags, File file, long pgoff, String name) {
        if (len == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long size = PageSize.pageAlign(len);
        if (size == 0 || size > TASK_SIZE) {
            throw new KernelError(Errno.ENOMEM);
        }
        // do_mmap: pgoff is a 32-bit unsigned long, and pgoff + pages must not wrap
        if (pgoff + (size >>> PageSize.PAGE_SHIFT) > 0xffffffffL) {
            throw new KernelError(Errno.EOVERFLOW);
        }
        int type = flags & Prot.MAP_TYPE;
        boolean anonymous = (flags & Prot.MAP_ANONYMOUS) != 0 || file == null;
        if (type != Prot.MAP_SHARED && type != Prot.MAP_PRIVATE && !(type == 0x03 && !anonymous)) {
            throw new KernelError(Errno.EINVAL);
        }
        boolean fixed = (flags & (Prot.MAP_FIXED | Prot.MAP_FIXED_NOREPLACE)) != 0;
        if (fixed && !PageSize.isPageAligned(addr)) {
            throw new KernelError(Errno.EINVAL);
        }
        long start;
        if (fixed) {
            if (addr < MMAP_MIN_ADDR || addr + size > TASK_SIZE) {
                throw new KernelError(Errno.ENOMEM);
            }
            if ((flags & Prot.MAP_FIXED_NOREPLACE) != 0 && overlapsAny(addr, addr + size)) {
                throw new KernelError(Errno.EEXIST);
            }
            start = addr;
        } else {
            start = findFreeArea(PageSize.pageAlign(addr), size);
        }
        if (!anonymous) {
            checkFileAccess(file, type, prot);
        }
        // MAP_SHARED_VALIDATE (3), accepted for files, is a shared mapping like MAP_SHARED
        int vmFlags = type == Prot.MAP_PRIVATE ? 0 : Vma.VM_SHARED;
        String vmaName = name != null ? name : (anonymous ? null : file.path());
        Vma vma = new Vma(start, start + size, prot, vmFlags, anonymous ? null : file, pgoff, vmaName, anonymous);
        if (anonymous) {
            if (prot != Prot.PROT_NONE) {
                populateAnonymous(vma, 0, vma.pageCount());
            }
        } else {
            file.get();
            try {
                file.ops().mmap(current, file, vma);
            } catch (RuntimeException e) {
                file.put();
                throw e;
            }
        }
        if (fixed) {
            unmapRange(start, start + size);
        }
        vmas.put(start, vma);
        for (Observer o : observers) {
            o.mapped(vma);
        }
        return start;
    }

    /**
     * do_mmap's file checks, made (as there) after the address is chosen: a shared writable mapping
     * needs a file opened for writing, every file mapping a file opened for reading; a file without
     * an mmap operation gives ENODEV.
     */
    private static void checkFileAccess(File file, int type, int prot) {
        if (type != Prot.MAP_PRIVATE && (prot & Prot.PROT_WRITE) != 0 && !file.canWrite()) {
            throw new KernelError(Errno.EACCES);
        }
        if (!file.canRead()) {
            throw new KernelError(Errno.EACCES);
        }
        if (file.ops() == null) {
            throw new KernelError(Errno.ENODEV);
        }
    }

    /** vm_mmap from inside a driver: same as an mmap system call made by {@code current}. */
    public long vmMmap(Task current, File file, long addr, long len, int prot, int flags, long offset) {
        if (!PageSize.isPageAligned(offset)) {
            throw new KernelError(Errno.EINVAL);
        }
        return mmap(current, addr, len, prot, flags, file, offset >>> PageSize.PAGE_SHIFT, null);
    }

    /**
     * remap_pfn_range: maps physical frames [pfn, pfn + size/PAGE_SIZE) at [addr, addr+size) of a VMA
     * being set up by a driver's mmap. Marks the VMA VM_IO | VM_PFNMAP as Linux does.
     */
    public static void remapPfnRange(Vma vma, long addr, long pfn, long size, int prot) {
        if (addr < vma.start || addr + size > vma.end || !PageSize.isPageAligned(addr) || size <= 0) {
            throw new KernelError(Errno.EINVAL);
        }
        vma.vmFlags |= Vma.VM_IO | Vma.VM_PFNMAP | Vma.VM_DONTEXPAND | Vma.VM_DONTDUMP;
        int first = (int) ((addr - vma.start) >>> PageSize.PAGE_SHIFT);
        long n = PageSize.pageAlign(size) >>> PageSize.PAGE_SHIFT;
        for (int i = 0; i < n; i++) {
            vma.setPfn(first + i, pfn + i);
        }
    }

    public void munmap(long addr, long len) {
        if (!PageSize.isPageAligned(addr) || len == 0 || addr >= TASK_SIZE || len > TASK_SIZE - addr) {
            throw new KernelError(Errno.EINVAL);
        }
        unmapRange(addr, addr + PageSize.pageAlign(len));
    }

    public void mprotect(long addr, long len, int prot) {
        if (!PageSize.isPageAligned(addr) || (prot & ~(Prot.PROT_READ | Prot.PROT_WRITE | Prot.PROT_EXEC)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long end = addr + PageSize.pageAlign(len);
        if (end <= addr) {
            if (len == 0) {
                return;
            }
            throw new KernelError(Errno.ENOMEM);
        }
        // Linux fails with ENOMEM when part of the range is unmapped.
        for (long a = addr; a < end; ) {
            Vma v = findVma(a);
            if (v == null) {
                throw new KernelError(Errno.ENOMEM);
            }
            a = v.end;
        }
        splitAt(addr);
        splitAt(end);
        for (Vma v : vmas.subMap(addr, true, end, false).values()) {
            if (v.file != null && v.isShared() && (prot & Prot.PROT_WRITE) != 0
                    && (v.file.flags() & 3) == 0) {
                throw new KernelError(Errno.EACCES);
            }
            v.prot = prot;
            if (v.ownsPages && prot != Prot.PROT_NONE) {
                populateAnonymous(v, 0, v.pageCount());
            }
        }
        for (Observer o : observers) {
            o.protectionChanged(addr, end, prot);
        }
    }

    /** Sets the start of the brk heap (the ELF loader calls this with the page-aligned end of bss). */
    public void initBrk(long start) {
        brkStart = start;
        brk = start;
    }

    public long brkStart() {
        return brkStart;
    }

    /** sys_brk: returns the new break, or the old one when the request cannot be met. */
    public long brk(long newBrk) {
        if (newBrk < brkStart) {
            return brk;
        }
        long oldTop = PageSize.pageAlign(brk);
        long newTop = PageSize.pageAlign(newBrk);
        if (newTop > oldTop) {
            if (overlapsAny(oldTop, newTop) || newTop > MMAP_BASE) {
                return brk;
            }
            try {
                Vma heap = new Vma(oldTop, newTop, Prot.PROT_READ | Prot.PROT_WRITE, 0, null, 0, "[heap]", true);
                populateAnonymous(heap, 0, heap.pageCount());
                vmas.put(oldTop, heap);
                for (Observer o : observers) {
                    o.mapped(heap);
                }
            } catch (KernelError e) {
                return brk;
            }
        } else if (newTop < oldTop) {
            unmapRange(newTop, oldTop);
        }
        brk = newBrk;
        return brk;
    }

    /**
     * Extra references to frames of MAP_SHARED|MAP_ANONYMOUS VMAs shared after fork, per page allocator
     * (i.e. per booted kernel): pfn -> number of VMAs beyond the first that map it. The last VMA
     * to unmap such a page frees it.
     */
    private static final Map<PageAllocator, Map<Long, Integer>> SHARED_ANON =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private Map<Long, Integer> sharedAnonRefs() {
        return SHARED_ANON.computeIfAbsent(pages, k -> new java.util.HashMap<>());
    }

    /** Drops one reference to an anonymous page; true when the caller held the last one and must free it. */
    private boolean putAnonPage(Vma v, long pfn) {
        if (!v.isShared()) {
            return true;
        }
        Map<Long, Integer> refs = sharedAnonRefs();
        synchronized (refs) {
            Integer n = refs.get(pfn);
            if (n == null) {
                return true;
            }
            if (n == 1) {
                refs.remove(pfn);
            } else {
                refs.put(pfn, n - 1);
            }
            return false;
        }
    }

    /**
     * dup_mmap for fork: fills the empty {@code child} with copies of this address space's VMAs.
     * <ul>
     * <li>private anonymous memory (text, data, heap, stack, MAP_PRIVATE|MAP_ANONYMOUS): fresh pages
     *   with the parent's content, copied eagerly in physically contiguous runs. Copy-on-write is not
     *   modelled: fork costs a copy of every present private page;</li>
     * <li>MAP_SHARED|MAP_ANONYMOUS: the same frames, reference-counted so the last unmap frees them;</li>
     * <li>file and VM_PFNMAP mappings (dma-buf, ION, device memory): the same frames (zero copy), a
     *   reference on the file, and the driver's {@code vm_ops->open}.</li>
     * </ul>
     * The brk heap limits are copied. On ENOMEM the child is left empty and the error thrown.
     */
    public void dup(AddressSpace child) {
        try {
            for (Vma v : vmas.values()) {
                Vma c = new Vma(v.start, v.end, v.prot, v.vmFlags, v.file, v.pgoff, v.name, v.ownsPages);
                c.ops = v.ops;
                c.privateData = v.privateData;
                if (v.ownsPages && !v.isShared() && v.ops == null && v.file == null) {
                    child.vmas.put(c.start, c); // so that a failure frees what was copied so far
                    copyPrivatePages(v, c);
                    continue;
                } else {
                    System.arraycopy(v.pfns, 0, c.pfns, 0, v.pfns.length);
                    if (v.ownsPages) {
                        Map<Long, Integer> refs = sharedAnonRefs();
                        synchronized (refs) {
                            for (long pfn : c.pfns) {
                                if (pfn >= 0) {
                                    refs.merge(pfn, 1, Integer::sum);
                                }
                            }
                        }
                    }
                }
                if (c.file != null) {
                    c.file.get();
                }
                child.vmas.put(c.start, c);
                if (c.ops != null) {
                    c.ops.open(c);
                }
            }
        } catch (RuntimeException e) {
            child.exitMmap();
            throw e;
        }
        child.brkStart = brkStart;
        child.brk = brk;
    }

    private void copyPrivatePages(Vma from, Vma to) {
        int i = 0;
        int n = from.pfns.length;
        while (i < n) {
            if (from.pfns[i] < 0) {
                i++;
                continue;
            }
            int run = 1;
            while (i + run < n && from.pfns[i + run] >= 0 && run < ANON_RUN_PAGES) {
                run++;
            }
            long pfn = pages.allocPagesExact(run);
            if (pfn < 0) {
                throw new KernelError(Errno.ENOMEM);
            }
            for (int k = 0; k < run; k++) {
                to.pfns[i + k] = pfn + k;
            }
            // Source frames may be scattered; copy runs that are contiguous on both sides.
            int k = 0;
            while (k < run) {
                int m = 1;
                while (k + m < run && from.pfns[i + k + m] == from.pfns[i + k] + m) {
                    m++;
                }
                byte[] data = phys.read(PageSize.phys(from.pfns[i + k]), m << PageSize.PAGE_SHIFT);
                phys.write(PageSize.phys(pfn + k), data);
                k += m;
            }
            i += run;
        }
    }

    /** Unmaps everything (exit_mmap). */
    public void exitMmap() {
        if (!vmas.isEmpty()) {
            unmapRange(0, TASK_SIZE);
        }
        vmas.clear();
    }

    // ---------------------------------------------------------------- user access

    /** Physical address of a user byte that may be accessed with {@code needProt}, else EFAULT. */
    public long translate(long uaddr, int needProt) {
        uaddr &= 0xffffffffL;
        Vma v = findVma(uaddr);
        if (v == null || (v.prot & needProt) != needProt) {
            throw new KernelError(Errno.EFAULT);
        }
        long p = v.physOf(uaddr);
        if (p < 0) {
            throw new KernelError(Errno.EFAULT);
        }
        return p;
    }

    /** True when [uaddr, uaddr+len) is mapped with at least {@code needProt} (access_ok + present). */
    public boolean accessOk(long uaddr, long len, int needProt) {
        try {
            forEachPage(uaddr, len, needProt, (p, off, n) -> { });
            return true;
        } catch (KernelError e) {
            return false;
        }
    }

    public void copyFromUser(long uaddr, byte[] dst, int off, int len) {
        forEachPage(uaddr, len, Prot.PROT_READ, (p, o, n) -> phys.read(p, dst, off + o, n));
        UserAccess a = userAccess;
        if (a != null && len > 0) {
            a.read(uaddr & 0xffffffffL, java.util.Arrays.copyOfRange(dst, off, off + len));
        }
    }

    public byte[] copyFromUser(long uaddr, int len) {
        byte[] b = new byte[len];
        copyFromUser(uaddr, b, 0, len);
        return b;
    }

    public void copyToUser(long uaddr, byte[] src, int off, int len) {
        forEachPage(uaddr, len, Prot.PROT_WRITE, (p, o, n) -> phys.write(p, src, off + o, n));
        UserAccess a = userAccess;
        if (a != null && len > 0) {
            a.written(uaddr & 0xffffffffL, java.util.Arrays.copyOfRange(src, off, off + len));
        }
    }

    public void copyToUser(long uaddr, byte[] src) {
        copyToUser(uaddr, src, 0, src.length);
    }

    /** Writes ignoring page protection (the ELF loader filling read-only text, as the kernel does). */
    public void pokeUser(long uaddr, byte[] src, int off, int len) {
        forEachPage(uaddr, len, 0, (p, o, n) -> phys.write(p, src, off + o, n));
    }

    public int getUserInt(long uaddr) {
        byte[] b = copyFromUser(uaddr, 4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    public void putUserInt(long uaddr, int v) {
        copyToUser(uaddr, new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    /** strncpy_from_user: a NUL-terminated string of at most {@code max} bytes; ENAMETOOLONG past it. */
    public String strncpyFromUser(long uaddr, int max) {
        byte[] buf = new byte[Math.min(max, 256)];
        int n = 0;
        while (true) {
            if (n == max) {
                throw new KernelError(Errno.ENAMETOOLONG);
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 2));
            }
            long p = translate(uaddr + n, Prot.PROT_READ);
            byte c = phys.read(p, 1)[0];
            if (c == 0) {
                UserAccess a = userAccess;
                if (a != null) {
                    a.read(uaddr & 0xffffffffL, java.util.Arrays.copyOf(buf, n + 1));
                }
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            buf[n++] = c;
        }
    }

    /** Calls {@code chunk} for each physically contiguous piece of a user range, checking protection first. */
    public void forEachPage(long uaddr, long len, int needProt, PageChunk chunk) {
        if (len < 0 || uaddr < 0 || uaddr + len > 0x1_0000_0000L) {
            throw new KernelError(Errno.EFAULT);
        }
        // Check the whole range first so a fault leaves nothing half copied.
        for (long a = uaddr; a < uaddr + len; a = (a & PageSize.PAGE_MASK) + PageSize.PAGE_SIZE) {
            translate(a, needProt);
        }
        int done = 0;
        while (done < len) {
            long a = uaddr + done;
            long p = translate(a, needProt);
            int n = (int) Math.min(len - done, PageSize.PAGE_SIZE - (a & (PageSize.PAGE_SIZE - 1)));
            chunk.apply(p, done, n);
            done += n;
        }
    }

    /** A piece of a user range: physical address, offset into the range, length. */
    @FunctionalInterface
    public interface PageChunk {
        void apply(long phys, int offset, int len);
    }

    // ---------------------------------------------------------------- internals

    private boolean overlapsAny(long start, long end) {
        Map.Entry<Long, Vma> e = vmas.lowerEntry(end);
        return e != null && e.getValue().end > start;
    }

    private long findFreeArea(long hint, long size) {
        if (hint != 0 && hint >= MMAP_MIN_ADDR && hint + size <= TASK_SIZE && !overlapsAny(hint, hint + size)) {
            return hint;
        }
        long top = MMAP_BASE;
        while (top - size >= MMAP_MIN_ADDR) {
            long start = top - size;
            Map.Entry<Long, Vma> e = vmas.lowerEntry(top);
            if (e == null || e.getValue().end <= start) {
                if (start >= PageSize.pageAlign(brk) + (8L << 20) || brk == 0) {
                    return start;
                }
                break;
            }
            top = e.getValue().start;
        }
        throw new KernelError(Errno.ENOMEM);
    }

    private void populateAnonymous(Vma vma, int from, int to) {
        int i = from;
        List<long[]> got = new ArrayList<>();
        try {
            while (i < to) {
                if (vma.pfns[i] >= 0) {
                    i++;
                    continue;
                }
                int run = 1;
                while (i + run < to && vma.pfns[i + run] < 0 && run < ANON_RUN_PAGES) {
                    run++;
                }
                long pfn = pages.allocPagesExact(run);
                if (pfn < 0) {
                    throw new KernelError(Errno.ENOMEM);
                }
                got.add(new long[] {pfn, run});
                phys.zeroPages(PageSize.phys(pfn), (long) run << PageSize.PAGE_SHIFT);
                for (int k = 0; k < run; k++) {
                    vma.pfns[i + k] = pfn + k;
                }
                i += run;
            }
        } catch (KernelError e) {
            // Give back what this call took and mark those pages absent again: the VMA may
            // already be in the tree (mprotect), and must not free them a second time later.
            for (long[] g : got) {
                for (int k = 0; k < g[1]; k++) {
                    pages.freePages(g[0] + k, 0);
                }
            }
            for (int k = from; k < to; k++) {
                for (long[] g : got) {
                    if (vma.pfns[k] >= g[0] && vma.pfns[k] < g[0] + g[1]) {
                        vma.pfns[k] = -1;
                    }
                }
            }
            throw e;
        }
    }

    /** Splits the VMA containing addr so that a VMA starts exactly at addr. */
    private void splitAt(long addr) {
        Vma v = findVma(addr);
        if (v == null || v.start == addr) {
            return;
        }
        int headPages = (int) ((addr - v.start) >>> PageSize.PAGE_SHIFT);
        Vma tail = new Vma(addr, v.end, v.prot, v.vmFlags, v.file, v.pgoff + headPages, v.name, v.ownsPages);
        System.arraycopy(v.pfns, headPages, tail.pfns, 0, tail.pfns.length);
        tail.ops = v.ops;
        tail.privateData = v.privateData;
        v.pfns = java.util.Arrays.copyOf(v.pfns, headPages);
        v.end = addr;
        if (tail.file != null) {
            tail.file.get();
        }
        if (tail.ops != null) {
            tail.ops.open(tail);
        }
        vmas.put(addr, tail);
    }

    private void unmapRange(long start, long end) {
        if (!overlapsAny(start, end)) {
            return;
        }
        splitAt(start);
        splitAt(end);
        List<Vma> gone = new ArrayList<>(vmas.subMap(start, true, end, false).values());
        for (Vma v : gone) {
            vmas.remove(v.start);
        }
        for (Observer o : observers) {
            o.unmapped(start, end);
        }
        for (Vma v : gone) {
            if (v.ops != null) {
                v.ops.close(v);
            }
            if (v.ownsPages) {
                for (long pfn : v.pfns) {
                    if (pfn >= 0 && putAnonPage(v, pfn)) {
                        pages.freePages(pfn, 0);
                    }
                }
            }
            if (v.file != null) {
                v.file.put();
            }
        }
    }
}
