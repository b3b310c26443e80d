/*
 * dmabufheap.h - a C rendering of AOSP's libdmabufheap BufferAllocator
 * (C entry points only).  Functions return a fd / 0 on success and -errno on
 * failure.
 */
#ifndef VEXMEM_GUEST_DMABUFHEAP_H
#define VEXMEM_GUEST_DMABUFHEAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct BufferAllocator BufferAllocator;

typedef enum {
	kSyncRead,
	kSyncWrite,
	kSyncReadWrite,
} SyncType;

BufferAllocator *CreateDmabufHeapBufferAllocator(void);
void FreeDmabufHeapBufferAllocator(BufferAllocator *buffer_allocator);

/* Opens /dev/dma_heap/<heap_name> (O_RDONLY|O_CLOEXEC, cached per name) and
 * allocates len bytes with fd_flags O_RDWR|O_CLOEXEC.  legacy_align is
 * ignored (no legacy ION fallback here).  Returns the dma-buf fd. */
int DmabufHeapAlloc(BufferAllocator *buffer_allocator, const char *heap_name,
		    size_t len, unsigned int heap_flags, size_t legacy_align);
/* "system" heap (AOSP prefers "system-uncached" when !cpu_access and it
 * exists). */
int DmabufHeapAllocSystem(BufferAllocator *buffer_allocator, bool cpu_access,
			  size_t len, unsigned int heap_flags,
			  size_t legacy_align);

/* DMA_BUF_IOCTL_SYNC with START / END and the sync type.  The legacy ION
 * callback is only used if non-NULL and the sync ioctl gives ENOTTY. */
int DmabufHeapCpuSyncStart(BufferAllocator *buffer_allocator,
			   unsigned int dmabuf_fd, SyncType sync_type,
			   int (*legacy_ion_cpu_sync)(int, int, void *),
			   void *legacy_ion_custom_data);
int DmabufHeapCpuSyncEnd(BufferAllocator *buffer_allocator,
			 unsigned int dmabuf_fd, SyncType sync_type,
			 int (*legacy_ion_cpu_sync)(int, int, void *),
			 void *legacy_ion_custom_data);

#endif
