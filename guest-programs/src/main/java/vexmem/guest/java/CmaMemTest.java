package vexmem.guest.java;

import static vexmem.guest.java.DemoUtil.*;

import java.nio.charset.StandardCharsets;
import vexmem.kernel.user.GuestProgram;
import vexmem.kernel.user.Libc;
import vexmem.kernel.uapi.UserStruct;

/** Java port of cma_mem_test.c (document 004). */
public final class CmaMemTest implements GuestProgram {
    static final String CMA_MEM_DEV = "/dev/cma_mem";
    static final int CMEM_UNMAP = 0x40046D04, CMEM_ALLOCATE = 0x40046D05;
    static final int NBLOCKS = 3, BLOCK_LEN = 800 * 480 * 4, PAGE_SZ = 4096, MEM_BLOCK_SIZE = 36;

    /** struct mem_block as the demo keeps it. */
    private record Block(String name, int id, long len, long phys, long user, long kernel, long offset) {
    }

    private static UserStruct request(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        return new UserStruct(MEM_BLOCK_SIZE).putBytes(0, n).putU8(10, 1);
    }

    @Override
    public int main(Libc c, String[] args) {
        c.printf("cma_mem_test: start (sizeof(struct mem_block)=%d)\n", MEM_BLOCK_SIZE);
        long fd = c.open(CMA_MEM_DEV, O_RDWR | O_CLOEXEC);
        if (failed(fd)) {
            throw failErr(c, "open " + CMA_MEM_DEV, "open " + CMA_MEM_DEV, fd);
        }
        c.printf("cmem_fd:%d\n", fd);
        Block[] blk = new Block[NBLOCKS];
        long want = (BLOCK_LEN + PAGE_SZ - 1) & ~(long) (PAGE_SZ - 1);
        for (int j = 0; j < NBLOCKS; j++) {
            String name = "mem" + (j + 1);
            UserStruct s = request(name).putU32(20, BLOCK_LEN);
            long r = IonLib.ioctl(c, (int) fd, CMEM_ALLOCATE, s);
            if (failed(r)) {
                perr(c, "CMEM_ALLOCATE", r);
                throw fail(c, "CMEM_ALLOCATE %s: %s", name, errnoName(r));
            }
            Block b = new Block(name, s.getS32(12), s.getU32(20), s.getU32(24), s.getU32(28), s.getU32(32),
                    s.getU32(16));
            blk[j] = b;
            c.printf("%s: id=%d phys=0x%08x kernel=0x%08x user=0x%08x len=0x%08x offset=0x%08x\n", name, b.id,
                    b.phys, b.kernel, b.user, b.len, b.offset);
            if (b.id <= 0) {
                throw fail(c, "%s: invalid id %d", name, b.id);
            }
            if (b.user == 0 || (b.user & (PAGE_SZ - 1)) != 0) {
                throw fail(c, "%s: invalid user address 0x%08x", name, b.user);
            }
            if (b.phys == 0 || (b.phys & (PAGE_SZ - 1)) != 0) {
                throw fail(c, "%s: invalid physical address 0x%08x", name, b.phys);
            }
            if (b.len != want) {
                throw fail(c, "%s: len 0x%x, expected 0x%x", name, b.len, want);
            }
            for (int k = 0; k < j; k++) {
                if (blk[k].id == b.id) {
                    throw fail(c, "%s and %s have the same id %d", blk[k].name, name, b.id);
                }
            }
            for (int k = 0; k < j; k++) {
                if (b.phys < blk[k].phys + blk[k].len && blk[k].phys < b.phys + b.len) {
                    throw fail(c, "%s overlaps %s physically", name, blk[k].name);
                }
            }
            byte[] first = c.peek(b.user, 10);
            StringBuilder sb = new StringBuilder(name + " first bytes:");
            for (byte x : first) {
                sb.append(' ').append(x & 0xff);
            }
            c.printf("%s\n", sb);
            byte[] pat = new byte[(int) b.len];
            fillPattern(pat, 0x100 + j);
            c.poke(b.user, pat);
        }
        for (int j = 0; j < NBLOCKS; j++) {
            long bad = checkPattern(c.peek(blk[j].user, (int) blk[j].len), 0x100 + j);
            if (bad >= 0) {
                throw fail(c, "%s: pattern mismatch at offset %d", blk[j].name, bad);
            }
            c.printf("%s: pattern verified over %d bytes\n", blk[j].name, blk[j].len);
        }
        for (int j = 0; j < NBLOCKS; j++) {
            UserStruct req = request(blk[j].name).putU32(12, blk[j].id);
            long r = IonLib.ioctl(c, (int) fd, CMEM_UNMAP, req);
            if (failed(r)) {
                perr(c, "CMEM_UNMAP", r);
                throw fail(c, "CMEM_UNMAP %s: %s", blk[j].name, errnoName(r));
            }
            c.printf("CMEM_UNMAP %s ok\n", blk[j].name);
        }
        long r = c.close((int) fd);
        if (failed(r)) {
            perr(c, "close", r);
            throw fail(c, "close %s: %s", CMA_MEM_DEV, errnoName(r));
        }
        c.printf("closed %s\n", CMA_MEM_DEV);
        return pass(c);
    }
}
