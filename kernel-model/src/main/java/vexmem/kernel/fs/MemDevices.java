package vexmem.kernel.fs;

import java.util.Arrays;
import vexmem.kernel.task.Task;

/** drivers/char/mem.c: /dev/null, /dev/zero, and /dev/urandom from a PRNG seeded per board. */
public final class MemDevices {
    private MemDevices() {
    }

    static final class Null implements FileOperations {
        @Override
        public long read(Task current, File file, long ubuf, long count) {
            return 0;
        }

        @Override
        public long write(Task current, File file, long ubuf, long count) {
            return count;
        }

        @Override
        public long llseek(Task current, File file, long offset, int whence) {
            file.pos = 0;
            return 0;
        }
    }

    static final class Zero implements FileOperations {
        /**
         * mmap of /dev/zero: fresh zeroed pages owned by the mapping (Linux uses shmem for shared
         * maps; here both kinds get private pages, which only differs across fork, not modelled).
         */
        @Override
        public void mmap(Task current, File file, vexmem.kernel.mm.Vma vma) {
            var k = current.kernel();
            long pfn = k.pageAllocator().allocPagesExact(vma.pageCount());
            if (pfn < 0) {
                throw new vexmem.kernel.KernelError(vexmem.kernel.Errno.ENOMEM);
            }
            k.physicalMemory().zeroPages(pfn << 12, (long) vma.pageCount() << 12);
            vexmem.kernel.mm.AddressSpace.remapPfnRange(vma, vma.start(), pfn, vma.length(), vma.prot());
            vma.ops = new vexmem.kernel.mm.VmOperations() {
                @Override
                public void close(vexmem.kernel.mm.Vma v) {
                    for (int i = 0; i < v.pageCount(); i++) {
                        k.pageAllocator().freePages(v.pfnAt(i), 0);
                    }
                }
            };
        }

        @Override
        public long read(Task current, File file, long ubuf, long count) {
            int n = (int) Math.min(count, 1 << 20);
            current.mm().copyToUser(ubuf, new byte[n]);
            return n;
        }

        @Override
        public long write(Task current, File file, long ubuf, long count) {
            return count;
        }

        @Override
        public long llseek(Task current, File file, long offset, int whence) {
            file.pos = 0;
            return 0;
        }
    }

    /** /dev/urandom: deterministic so runs repeat; writes are accepted and ignored (no entropy mixing). */
    static final class Urandom implements FileOperations {
        private final Prng prng;

        Urandom(Prng prng) {
            this.prng = prng;
        }

        @Override
        public long read(Task current, File file, long ubuf, long count) {
            int n = (int) Math.min(count, 1 << 20);
            current.mm().copyToUser(ubuf, prng.bytes(n));
            return n;
        }

        @Override
        public long write(Task current, File file, long ubuf, long count) {
            return count;
        }
    }

    /** The board's random source (splitmix64): same board name, same bytes. */
    public static final class Prng {
        private long state;

        public Prng(long seed) {
            state = seed;
        }

        public synchronized byte[] bytes(int n) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i += 8) {
                long z = (state += 0x9e3779b97f4a7c15L);
                z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
                z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
                z ^= z >>> 31;
                for (int j = 0; j < 8 && i + j < n; j++) {
                    b[i + j] = (byte) (z >>> (8 * j));
                }
            }
            return b;
        }

        @Override
        public String toString() {
            return "Prng" + Arrays.toString(new long[] {state});
        }
    }
}
