package vexmem.kernel.drivers;

import java.util.ArrayList;
import java.util.List;
import vexmem.board.DeviceSpec;
import vexmem.kernel.Errno;
import vexmem.kernel.Kernel;
import vexmem.kernel.KernelError;
import vexmem.kernel.uapi.UserStruct;
import vexmem.kernel.fs.File;
import vexmem.kernel.fs.FileOperations;
import vexmem.kernel.fs.MiscDevices;
import vexmem.kernel.mm.AddressSpace;
import vexmem.kernel.mm.Cma;
import vexmem.kernel.mm.CmaArea;
import vexmem.kernel.mm.KernelMap;
import vexmem.kernel.mm.PageSize;
import vexmem.kernel.mm.Prot;
import vexmem.kernel.mm.Vma;
import vexmem.kernel.task.Task;

/**
 * Document 004's cma_mem misc driver (/dev/cma_mem). CMEM_ALLOCATE takes CMA memory (coherent or
 * write-combined) and maps it into the caller with vm_mmap from inside the ioctl; blocks are kept by
 * name and id; CMEM_UNMAP unmaps and frees one by name; everything left is freed at release and at
 * removal. The document's bugs are modelled by intent (docs/driver-deviations.md).
 */
public final class CmaMem implements FileOperations {
    public static final String COMPATIBLE = "vexmem,cma-mem";
    public static final String NAME = "cma_mem";
    public static final int CMEM_GET_PHYS = 0x40046D01, CMEM_MAP = 0x40046D02, CMEM_GET_SIZE = 0x40046D03,
            CMEM_UNMAP = 0x40046D04, CMEM_ALLOCATE = 0x40046D05, CMEM_CONNECT = 0x40046D06,
            CMEM_GET_TOTAL_SIZE = 0x40046D07, CMEM_CACHE_FLUSH = 0x40046D08;
    /** sizeof(struct mem_block) on ARM32. */
    public static final int MEM_BLOCK_SIZE = 36;
    static final int NAME_OFF = 0, IS_USE_BUFFER_OFF = 10, ID_OFF = 12, OFFSET_OFF = 16, LEN_OFF = 20,
            PHY_BASE_OFF = 24, MEM_BASE_OFF = 28, KERNEL_BASE_OFF = 32;

    /** struct cmamem_block. */
    static final class Block {
        String name;
        boolean isUseBuffer;
        int id;
        long len;
        long phys;
        long userAddr;
        long kernelAddr;
        File owner;
        AddressSpace mm;
    }

    private final Kernel kernel;
    private final CmaArea area;
    private final List<Block> blocks = new ArrayList<>();
    private int count;
    /** cmamem_status: the block the next mmap of the device maps (0 = nothing allocated yet). */
    private long lastPhys;
    private long lastLen;

    private CmaMem(Kernel kernel, CmaArea area) {
        this.kernel = kernel;
        this.area = area;
    }

    static Runnable probe(Kernel k, DeviceSpec spec) {
        Cma cma = k.service(Cma.class);
        CmaArea area = spec.memoryRegionPaths().isEmpty() ? null
                : cma.byRegionPath(spec.memoryRegionPaths().get(0)).orElse(null);
        if (area == null) {
            area = cma.defaultArea().orElseThrow(() -> new KernelError(Errno.ENODEV, "no CMA area"));
        }
        CmaMem drv = new CmaMem(k, area);
        k.service(MiscDevices.class).register(NAME, drv);
        k.log().info("cmamem_init");
        return () -> {
            k.log().err("cmamem_exit");
            drv.freeAll(null);
            k.service(MiscDevices.class).deregister(NAME);
        };
    }

    @Override
    public synchronized long unlockedIoctl(Task current, File file, int cmd, long arg) {
        switch (cmd) {
            case CMEM_ALLOCATE -> {
                kernel.log().err("cmamem_ioctl:CMEM_ALLOCATE");
                allocate(current, file, arg);
                return 0;
            }
            case CMEM_UNMAP -> {
                kernel.log().err("cmamem_ioctl:CMEM_UNMAP");
                free(current, arg);
                return 0;
            }
            default -> {
                kernel.log().info("cma mem not support command");
                throw new KernelError(Errno.ENOTTY);
            }
        }
    }

    private void allocate(Task current, File file, long arg) {
        UserStruct info = UserStruct.copyIn(current, arg, MEM_BLOCK_SIZE);
        if (info.getU8(NAME_OFF) == 0) {
            kernel.log().err("cmamem_alloc, no set mem name, please set");
            throw new KernelError(Errno.EINVAL);
        }
        long len = info.getU32(LEN_OFF);
        if (len == 0) {
            kernel.log().err("cmamem_alloc: the len is NULL");
            throw new KernelError(Errno.EINVAL);
        }
        long size = PageSize.pageAlign(len) & 0xffffffffL;
        if (size == 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        boolean wc = info.getU8(IS_USE_BUFFER_OFF) != 0;
        Cma cma = kernel.service(Cma.class);
        long phys = cma.dmaAlloc(area, size); // dma_alloc_writecombine / dma_alloc_coherent alike
        if (phys < 0) {
            kernel.log().err("dma alloc fail");
            throw new KernelError(Errno.ENOMEM);
        }
        long kvaddr = kernel.service(KernelMap.class).coherentRemap(phys, size);
        int id = ++count;
        lastPhys = phys;
        lastLen = size;
        long uaddr;
        try {
            uaddr = current.mm().vmMmap(current, file, 0, size, Prot.PROT_READ | Prot.PROT_WRITE, Prot.MAP_SHARED, 0);
        } catch (KernelError e) {
            kernel.log().err("do_mmap fail");
            --count;
            dmaFreeCoherent(phys, kvaddr, size);
            throw new KernelError(Errno.ENOMEM);
        }
        kernel.log().info("cma_info_temp.mem_base:0x%x", uaddr);
        info.putU32(LEN_OFF, size).putU32(ID_OFF, id).putU32(PHY_BASE_OFF, phys).putU32(MEM_BASE_OFF, uaddr)
                .putU32(KERNEL_BASE_OFF, kvaddr);
        try {
            info.copyOut(current, arg);
        } catch (KernelError e) {
            current.mm().munmap(uaddr, size);
            dmaFreeCoherent(phys, kvaddr, size);
            --count;
            throw e;
        }
        Block b = new Block();
        b.name = info.getCString(NAME_OFF, 10);
        b.isUseBuffer = wc;
        b.id = id;
        b.len = size;
        b.phys = phys;
        b.userAddr = uaddr;
        b.kernelAddr = kvaddr;
        b.owner = file;
        b.mm = current.mm();
        blocks.add(b);
        String f = "dump_mem";
        kernel.log().info("%s:CMA name:%s", f, b.name);
        kernel.log().info("%s:CMA id:%d", f, b.id);
        kernel.log().info("%s:Is usebuf:%d", f, wc ? 1 : 0);
        kernel.log().info("%s:PHY Base:0x%08x", f, b.phys);
        kernel.log().info("%s:KER Base:0x%08x", f, b.kernelAddr);
        kernel.log().info("%s:USR Base:0x%08x", f, b.userAddr);
    }

    private void free(Task current, long arg) {
        UserStruct info = UserStruct.copyIn(current, arg, MEM_BLOCK_SIZE);
        String name = info.getCString(NAME_OFF, 10);
        kernel.log().info("will delete the mem name:%s", name);
        for (Block b : blocks) {
            if (b.name.equals(name)) {
                kernel.log().info("delete the mem id:%d, name:%s", info.getS32(ID_OFF), name);
                b.mm.munmap(b.userAddr, b.len);
                dmaFreeCoherent(b.phys, b.kernelAddr, b.len);
                blocks.remove(b);
                return;
            }
        }
        throw new KernelError(Errno.EINVAL);
    }

    /** dma_free_coherent: drops the CPU mapping, then gives the pages back to CMA. */
    private void dmaFreeCoherent(long phys, long kvaddr, long size) {
        kernel.service(KernelMap.class).coherentUnmap(kvaddr);
        kernel.service(Cma.class).dmaFree(area, phys, size);
    }

    /** cmamem_freeall: frees the blocks of {@code owner} (all blocks when null). */
    private synchronized void freeAll(File owner) {
        if (owner == null) {
            kernel.log().info("will delete all cma mem");
        }
        for (Block b : new ArrayList<>(blocks)) {
            if (owner == null || b.owner == owner) {
                kernel.log().info("delete the mem id:%d, name:%s", b.id, b.name);
                dmaFreeCoherent(b.phys, b.kernelAddr, b.len);
                blocks.remove(b);
            }
        }
    }

    /** Last reference to an open file: its mappings are gone, so its blocks can be freed. */
    @Override
    public void release(File file) {
        freeAll(file);
    }

    /** cmamem_mmap: maps the most recently allocated block at vm_pgoff. */
    @Override
    public synchronized void mmap(Task current, File file, Vma vma) {
        if (lastPhys == 0 && count == 0) {
            kernel.log().err("cmamem_mmap, you should allocted memory firstly");
            throw new KernelError(Errno.EINVAL);
        }
        long offset = vma.pgoff() << PageSize.PAGE_SHIFT;
        if (offset + vma.length() > lastLen) {
            throw new KernelError(Errno.EINVAL);
        }
        AddressSpace.remapPfnRange(vma, vma.start(), PageSize.pfn(lastPhys + offset), vma.length(), vma.prot());
        vma.setVmFlags(vma.vmFlags() & ~Vma.VM_IO);
    }

    synchronized int blockCount() {
        return blocks.size();
    }
}
