/*
 * heap_test.h - ABI of the "heap_test" misc driver (/dev/heap_test),
 * document 002 (DMA-BUF heap importer example).  The document passes a
 * struct dma_heap_allocation_data to an ioctl named HEAP_TEST_IOCTL_MAP /
 * HEAP_TEST_IOCTL_KERN_MAP without giving its number; vexmem defines its own
 * argument struct so the driver can report what it saw.
 *
 * The driver: dma_buf_get(fd) -> dma_buf_attach -> dma_buf_map_attachment
 * (DMA_BIDIRECTIONAL) -> logs the sg table -> dma_buf_vmap -> memset(0) over
 * the sum of sg_dma_len -> fills the struct -> vunmap, unmap attachment,
 * detach, dma_buf_put (nothing is kept after the ioctl returns).
 *
 * ARM32 (checked with tools/abi_check under qemu-arm):
 *   sizeof(struct heap_test_map_data) = 32, align 8
 *   fd @0  nents @4  len @8  dma_addr @16  dma_len0 @24  reserved @28
 *   HEAP_TEST_IOCTL_MAP = _IOWR('h', 1, struct heap_test_map_data) = 0xC0206801
 */
#ifndef VEXMEM_GUEST_HEAP_TEST_H
#define VEXMEM_GUEST_HEAP_TEST_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HEAP_TEST_DEV "/dev/heap_test"

struct heap_test_map_data {
	__s32 fd;        /* @0  in: dma-buf fd */
	__u32 nents;     /* @4  out: number of sg entries after map_attachment */
	__u64 len;       /* @8  in: expected size or 0 (no check); out: sum of sg_dma_len */
	__u64 dma_addr;  /* @16 out: sg_dma_address of the first entry */
	__u32 dma_len0;  /* @24 out: sg_dma_len of the first entry */
	__u32 reserved;  /* @28 in: must be 0 */
};

#define HEAP_TEST_IOC_MAGIC 'h'
#define HEAP_TEST_IOCTL_MAP _IOWR(HEAP_TEST_IOC_MAGIC, 1, struct heap_test_map_data)
/* The document's driver-side name for the same command. */
#define HEAP_TEST_IOCTL_KERN_MAP HEAP_TEST_IOCTL_MAP

#endif
