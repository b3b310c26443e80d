/*
 * dma-buf.h - dma-buf user ABI (Linux 5.10 include/uapi/linux/dma-buf.h).
 *
 * ARM32: struct dma_buf_sync is 8 bytes (align 8)
 *   DMA_BUF_IOCTL_SYNC  0x40086200
 *   DMA_BUF_SET_NAME_A  0x40046201 (== DMA_BUF_SET_NAME on ARM32)
 *   DMA_BUF_SET_NAME_B  0x40086201 (what AOSP libdmabufheap sends)
 */
#ifndef VEXMEM_GUEST_DMA_BUF_H
#define VEXMEM_GUEST_DMA_BUF_H

#include <linux/ioctl.h>
#include <linux/types.h>

struct dma_buf_sync {
	__u64 flags;
};

#define DMA_BUF_SYNC_READ      (1 << 0)
#define DMA_BUF_SYNC_WRITE     (2 << 0)
#define DMA_BUF_SYNC_RW        (DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE)
#define DMA_BUF_SYNC_START     (0 << 2)
#define DMA_BUF_SYNC_END       (1 << 2)
#define DMA_BUF_SYNC_VALID_FLAGS_MASK (DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END)

#define DMA_BUF_NAME_LEN 32

#define DMA_BUF_BASE 'b'
#define DMA_BUF_IOCTL_SYNC _IOW(DMA_BUF_BASE, 0, struct dma_buf_sync)
/* The argument of SET_NAME is the name string pointer itself. */
#define DMA_BUF_SET_NAME   _IOW(DMA_BUF_BASE, 1, const char *)
#define DMA_BUF_SET_NAME_A _IOW(DMA_BUF_BASE, 1, __u32)
#define DMA_BUF_SET_NAME_B _IOW(DMA_BUF_BASE, 1, __u64)

#endif
