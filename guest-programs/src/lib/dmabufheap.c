/* C rendering of AOSP libdmabufheap's BufferAllocator (DMA-BUF heaps only). */
#include "dmabufheap.h"
#include "dma-heap.h"
#include "dma-buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAX_CACHED_HEAPS 8
#define HEAP_NAME_MAX 64

struct BufferAllocator {
	struct {
		char name[HEAP_NAME_MAX];
		int fd;
	} heaps[MAX_CACHED_HEAPS];
	int nheaps;
};

static int retry_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

BufferAllocator *CreateDmabufHeapBufferAllocator(void)
{
	return calloc(1, sizeof(BufferAllocator));
}

void FreeDmabufHeapBufferAllocator(BufferAllocator *ba)
{
	int i;

	if (!ba)
		return;
	for (i = 0; i < ba->nheaps; i++)
		close(ba->heaps[i].fd);
	free(ba);
}

static int open_heap(BufferAllocator *ba, const char *name)
{
	char path[sizeof(DMA_HEAP_DEV_DIR) + HEAP_NAME_MAX + 1];
	int i, fd;

	if (!name || !name[0] || strlen(name) >= HEAP_NAME_MAX || strchr(name, '/'))
		return -EINVAL;
	for (i = 0; i < ba->nheaps; i++)
		if (strcmp(ba->heaps[i].name, name) == 0)
			return ba->heaps[i].fd;
	snprintf(path, sizeof(path), "%s/%s", DMA_HEAP_DEV_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ba->nheaps < MAX_CACHED_HEAPS) {
		strcpy(ba->heaps[ba->nheaps].name, name);
		ba->heaps[ba->nheaps].fd = fd;
		ba->nheaps++;
	}
	return fd;
}

static void forget_heap_fd(BufferAllocator *ba, int fd)
{
	int i;

	for (i = 0; i < ba->nheaps; i++)
		if (ba->heaps[i].fd == fd)
			return;
	close(fd); /* not cached (cache full) */
}

int DmabufHeapAlloc(BufferAllocator *ba, const char *heap_name, size_t len,
		    unsigned int heap_flags, size_t legacy_align)
{
	struct dma_heap_allocation_data d;
	int heap_fd, r;
	char name[DMA_BUF_NAME_LEN];

	(void)legacy_align;
	if (!ba)
		return -EINVAL;
	heap_fd = open_heap(ba, heap_name);
	if (heap_fd < 0)
		return heap_fd;
	memset(&d, 0, sizeof(d));
	d.len = len;
	d.fd = 0;
	d.fd_flags = O_RDWR | O_CLOEXEC;
	d.heap_flags = heap_flags;
	r = retry_ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &d);
	forget_heap_fd(ba, heap_fd);
	if (r < 0)
		return r;
	/* AOSP names the buffer after the heap; failure is not fatal. */
	snprintf(name, sizeof(name), "%s", heap_name);
	(void)retry_ioctl((int)d.fd, DMA_BUF_SET_NAME_B, (void *)(uintptr_t)name);
	return (int)d.fd;
}

int DmabufHeapAllocSystem(BufferAllocator *ba, bool cpu_access, size_t len,
			  unsigned int heap_flags, size_t legacy_align)
{
	if (!cpu_access && access(DMA_HEAP_DEV_DIR "/system-uncached", F_OK) == 0)
		return DmabufHeapAlloc(ba, "system-uncached", len, heap_flags, legacy_align);
	return DmabufHeapAlloc(ba, "system", len, heap_flags, legacy_align);
}

static int cpu_sync(BufferAllocator *ba, unsigned int fd, SyncType t, int end,
		    int (*legacy)(int, int, void *), void *legacy_data)
{
	struct dma_buf_sync s;
	int r;

	if (!ba)
		return -EINVAL;
	switch (t) {
	case kSyncRead: s.flags = DMA_BUF_SYNC_READ; break;
	case kSyncWrite: s.flags = DMA_BUF_SYNC_WRITE; break;
	case kSyncReadWrite: s.flags = DMA_BUF_SYNC_RW; break;
	default: return -EINVAL;
	}
	s.flags |= end ? DMA_BUF_SYNC_END : DMA_BUF_SYNC_START;
	r = retry_ioctl((int)fd, DMA_BUF_IOCTL_SYNC, &s);
	if (r == -ENOTTY && legacy) {
		r = legacy(-1, (int)fd, legacy_data);
		if (r > 0)
			r = -r;
	}
	return r < 0 ? r : 0;
}

int DmabufHeapCpuSyncStart(BufferAllocator *ba, unsigned int dmabuf_fd,
			   SyncType sync_type,
			   int (*legacy_ion_cpu_sync)(int, int, void *),
			   void *legacy_ion_custom_data)
{
	return cpu_sync(ba, dmabuf_fd, sync_type, 0, legacy_ion_cpu_sync,
			legacy_ion_custom_data);
}

int DmabufHeapCpuSyncEnd(BufferAllocator *ba, unsigned int dmabuf_fd,
			 SyncType sync_type,
			 int (*legacy_ion_cpu_sync)(int, int, void *),
			 void *legacy_ion_custom_data)
{
	return cpu_sync(ba, dmabuf_fd, sync_type, 1, legacy_ion_cpu_sync,
			legacy_ion_custom_data);
}
