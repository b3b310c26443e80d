/*
 * cma_mem.h - ABI of the "cma_mem" misc driver (/dev/cma_mem), document 004.
 * The struct layout and the ioctl numbers are the document's, unchanged.
 *
 * Note: every CMEM_* number encodes _IOW(.., unsigned int), i.e. size 4, but
 * the driver copies a whole struct mem_block (36 bytes) in and, for
 * CMEM_ALLOCATE, back out.
 *
 * ARM32 (compiled with arm-linux-gnueabihf-gcc 12.2, run under qemu-arm by
 * tools/abi_check):
 *   sizeof(struct mem_block) = 36, align 4
 *   name @0 (10)  is_use_buffer @10 (1)  [pad 1]  id @12  offset @16
 *   len @20  phy_base @24  mem_base @28  kernel_base @32   (all 4 bytes)
 *   CMEM_GET_PHYS       0x40046D01
 *   CMEM_MAP            0x40046D02
 *   CMEM_GET_SIZE       0x40046D03
 *   CMEM_UNMAP          0x40046D04
 *   CMEM_ALLOCATE       0x40046D05
 *   CMEM_CONNECT        0x40046D06
 *   CMEM_GET_TOTAL_SIZE 0x40046D07
 *   CMEM_CACHE_FLUSH    0x40046D08
 */
#ifndef VEXMEM_GUEST_CMA_MEM_H
#define VEXMEM_GUEST_CMA_MEM_H

#include <linux/ioctl.h>

#define CMA_MEM_DEV "/dev/cma_mem"

#define CMEM_IOCTL_MAGIC 'm'
#define CMEM_GET_PHYS       _IOW(CMEM_IOCTL_MAGIC, 1, unsigned int)
#define CMEM_MAP            _IOW(CMEM_IOCTL_MAGIC, 2, unsigned int)
#define CMEM_GET_SIZE       _IOW(CMEM_IOCTL_MAGIC, 3, unsigned int)
#define CMEM_UNMAP          _IOW(CMEM_IOCTL_MAGIC, 4, unsigned int)
#define CMEM_ALLOCATE       _IOW(CMEM_IOCTL_MAGIC, 5, unsigned int)
#define CMEM_CONNECT        _IOW(CMEM_IOCTL_MAGIC, 6, unsigned int)
#define CMEM_GET_TOTAL_SIZE _IOW(CMEM_IOCTL_MAGIC, 7, unsigned int)
#define CMEM_CACHE_FLUSH    _IOW(CMEM_IOCTL_MAGIC, 8, unsigned int)

struct mem_block {
	char name[10];
	char is_use_buffer;
	int id;
	unsigned long offset;
	unsigned long len;
	unsigned long phy_base;
	unsigned long mem_base;
	void *kernel_base;
};

#endif
