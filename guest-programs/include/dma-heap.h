/*
 * dma-heap.h - DMA-BUF heaps user ABI (Linux 5.10 include/uapi/linux/dma-heap.h).
 *
 * ARM32: struct dma_heap_allocation_data is 24 bytes (align 8);
 *        DMA_HEAP_IOCTL_ALLOC = 0xC0184800.
 * Heaps appear as /dev/dma_heap/<name> ("system", and the default CMA area's
 * name, e.g. "linux,cma" or "reserved").
 */
#ifndef VEXMEM_GUEST_DMA_HEAP_H
#define VEXMEM_GUEST_DMA_HEAP_H

#include <fcntl.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define DMA_HEAP_VALID_FD_FLAGS (O_CLOEXEC | O_ACCMODE)
#define DMA_HEAP_VALID_HEAP_FLAGS (0)

struct dma_heap_allocation_data {
	__u64 len;        /* @0  */
	__u32 fd;         /* @8  out; must be 0 on input */
	__u32 fd_flags;   /* @12 O_RDWR|O_CLOEXEC etc. */
	__u64 heap_flags; /* @16 must be 0 */
};

#define DMA_HEAP_IOC_MAGIC 'H'
#define DMA_HEAP_IOCTL_ALLOC _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct dma_heap_allocation_data)

#define DMA_HEAP_DEV_DIR "/dev/dma_heap"

#endif
