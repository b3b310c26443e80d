/*
 * ion.h - legacy Android ION user ABI as found in Linux 4.9
 * (drivers/staging/android/uapi/ion.h), for 32-bit ARM guests of vexmem.
 *
 * ARM32 sizes / ioctl numbers (checked with tools/abi_check under qemu-arm):
 *   struct ion_allocation_data  20 bytes   ION_IOC_ALLOC      0xC0144900
 *   struct ion_handle_data       4 bytes   ION_IOC_FREE       0xC0044901
 *   struct ion_fd_data           8 bytes   ION_IOC_MAP        0xC0084902
 *                                          ION_IOC_SHARE      0xC0084904
 *                                          ION_IOC_IMPORT     0xC0084905
 *   struct ion_custom_data       8 bytes   ION_IOC_CUSTOM     0xC0084906
 *                                          ION_IOC_SYNC       0xC0084907
 *   struct ion_heap_query       24 bytes   ION_IOC_HEAP_QUERY 0xC0184908
 *   struct ion_heap_data        52 bytes
 */
#ifndef VEXMEM_GUEST_ION_H
#define VEXMEM_GUEST_ION_H

#include <stddef.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* Opaque per-client buffer id; never 0 when valid. */
typedef int ion_user_handle_t;

enum ion_heap_type {
	ION_HEAP_TYPE_SYSTEM,          /* 0 */
	ION_HEAP_TYPE_SYSTEM_CONTIG,   /* 1 */
	ION_HEAP_TYPE_CARVEOUT,        /* 2 */
	ION_HEAP_TYPE_CHUNK,           /* 3 */
	ION_HEAP_TYPE_DMA,             /* 4 */
	ION_HEAP_TYPE_CUSTOM,          /* 5: must stay last; vendor types follow */
};

#define ION_NUM_HEAP_IDS (sizeof(unsigned int) * 8)

/*
 * Heap masks.  The 4.9 uapi has no *_MASK macros: heap_id_mask selects heaps
 * by *id* (bit n = heap with id n).  The documents use the older
 * (1 << type) masks; on vexmem's boards every ION heap has id == type, so
 * these masks select the heap of that type.
 */
#define ION_HEAP_SYSTEM_MASK        (1u << ION_HEAP_TYPE_SYSTEM)
#define ION_HEAP_SYSTEM_CONTIG_MASK (1u << ION_HEAP_TYPE_SYSTEM_CONTIG)
#define ION_HEAP_CARVEOUT_MASK      (1u << ION_HEAP_TYPE_CARVEOUT)
#define ION_HEAP_CHUNK_MASK         (1u << ION_HEAP_TYPE_CHUNK)
#define ION_HEAP_TYPE_DMA_MASK      (1u << ION_HEAP_TYPE_DMA)
#define ION_HEAP_DMA_MASK           ION_HEAP_TYPE_DMA_MASK

/* Low 16 flag bits belong to the ION core, the high 16 to heaps. */
#define ION_FLAG_CACHED 1
#define ION_FLAG_CACHED_NEEDS_SYNC 2

#define MAX_HEAP_NAME 32

struct ion_allocation_data {
	size_t len;                /* @0  */
	size_t align;              /* @4  */
	unsigned int heap_id_mask; /* @8  */
	unsigned int flags;        /* @12 */
	ion_user_handle_t handle;  /* @16 out */
};

struct ion_fd_data {
	ion_user_handle_t handle;  /* @0 */
	int fd;                    /* @4 */
};

struct ion_handle_data {
	ion_user_handle_t handle;  /* @0 */
};

struct ion_custom_data {
	unsigned int cmd;          /* @0 */
	unsigned long arg;         /* @4 */
};

struct ion_heap_data {
	char name[MAX_HEAP_NAME];  /* @0  */
	__u32 type;                /* @32 */
	__u32 heap_id;             /* @36 */
	__u32 reserved0;           /* @40 */
	__u32 reserved1;           /* @44 */
	__u32 reserved2;           /* @48 */
};

struct ion_heap_query {
	__u32 cnt;                 /* @0  in: records room / out: count */
	__u32 reserved0;           /* @4  must be 0 */
	__u64 heaps;               /* @8  user pointer to struct ion_heap_data[] */
	__u32 reserved1;           /* @16 must be 0 */
	__u32 reserved2;           /* @20 must be 0 */
};

#define ION_IOC_MAGIC 'I'

#define ION_IOC_ALLOC      _IOWR(ION_IOC_MAGIC, 0, struct ion_allocation_data)
#define ION_IOC_FREE       _IOWR(ION_IOC_MAGIC, 1, struct ion_handle_data)
#define ION_IOC_MAP        _IOWR(ION_IOC_MAGIC, 2, struct ion_fd_data)
#define ION_IOC_SHARE      _IOWR(ION_IOC_MAGIC, 4, struct ion_fd_data)
#define ION_IOC_IMPORT     _IOWR(ION_IOC_MAGIC, 5, struct ion_fd_data)
#define ION_IOC_SYNC       _IOWR(ION_IOC_MAGIC, 7, struct ion_fd_data)
#define ION_IOC_CUSTOM     _IOWR(ION_IOC_MAGIC, 6, struct ion_custom_data)
#define ION_IOC_HEAP_QUERY _IOWR(ION_IOC_MAGIC, 8, struct ion_heap_query)

#endif
