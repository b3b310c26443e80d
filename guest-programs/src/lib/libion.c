/* A small C libion for the Linux 4.9 legacy ION ABI (AOSP function names). */
#include "libion.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

static int ion_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

int ion_open(void)
{
	int fd = open(ION_DEV, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int ion_close(int fd)
{
	return close(fd) < 0 ? -errno : 0;
}

int ion_alloc(int fd, size_t len, size_t align, unsigned int heap_mask,
	      unsigned int flags, ion_user_handle_t *handle)
{
	struct ion_allocation_data d;
	int r;

	if (!handle)
		return -EINVAL;
	memset(&d, 0, sizeof(d));
	d.len = len;
	d.align = align;
	d.heap_id_mask = heap_mask;
	d.flags = flags;
	r = ion_ioctl(fd, ION_IOC_ALLOC, &d);
	if (r < 0)
		return r;
	*handle = d.handle;
	return 0;
}

int ion_free(int fd, ion_user_handle_t handle)
{
	struct ion_handle_data d = { .handle = handle };
	int r = ion_ioctl(fd, ION_IOC_FREE, &d);

	return r < 0 ? r : 0;
}

int ion_share(int fd, ion_user_handle_t handle, int *share_fd)
{
	struct ion_fd_data d = { .handle = handle, .fd = -1 };
	int r;

	if (!share_fd)
		return -EINVAL;
	r = ion_ioctl(fd, ION_IOC_SHARE, &d);
	if (r < 0)
		return r;
	if (d.fd < 0)
		return -EINVAL;
	*share_fd = d.fd;
	return 0;
}

int ion_alloc_fd(int fd, size_t len, size_t align, unsigned int heap_mask,
		 unsigned int flags, int *handle_fd)
{
	ion_user_handle_t h;
	int r, r2;

	r = ion_alloc(fd, len, align, heap_mask, flags, &h);
	if (r < 0)
		return r;
	r = ion_share(fd, h, handle_fd);
	r2 = ion_free(fd, h);
	if (r < 0)
		return r;
	if (r2 < 0) {
		close(*handle_fd);
		return r2;
	}
	return 0;
}

int ion_map(int fd, ion_user_handle_t handle, size_t length, int prot,
	    int flags, off_t offset, unsigned char **ptr, int *map_fd)
{
	struct ion_fd_data d = { .handle = handle, .fd = -1 };
	void *p;
	int r;

	if (!ptr || !map_fd || length == 0)
		return -EINVAL;
	r = ion_ioctl(fd, ION_IOC_MAP, &d);
	if (r < 0)
		return r;
	if (d.fd < 0)
		return -EINVAL;
	p = mmap(NULL, length, prot, flags, d.fd, offset);
	if (p == MAP_FAILED) {
		r = -errno;
		close(d.fd);
		return r;
	}
	*ptr = p;
	*map_fd = d.fd;
	return 0;
}

int ion_import(int fd, int share_fd, ion_user_handle_t *handle)
{
	struct ion_fd_data d = { .handle = 0, .fd = share_fd };
	int r;

	if (!handle)
		return -EINVAL;
	r = ion_ioctl(fd, ION_IOC_IMPORT, &d);
	if (r < 0)
		return r;
	*handle = d.handle;
	return 0;
}

int ion_sync_fd(int fd, int handle_fd)
{
	struct ion_fd_data d = { .handle = 0, .fd = handle_fd };
	int r = ion_ioctl(fd, ION_IOC_SYNC, &d);

	return r < 0 ? r : 0;
}

int ion_custom(int fd, unsigned int cmd, unsigned long arg)
{
	struct ion_custom_data d = { .cmd = cmd, .arg = arg };
	int r = ion_ioctl(fd, ION_IOC_CUSTOM, &d);

	return r < 0 ? r : 0;
}

int ion_query_heap_cnt(int fd, int *cnt)
{
	struct ion_heap_query q;
	int r;

	if (!cnt)
		return -EINVAL;
	memset(&q, 0, sizeof(q));
	r = ion_ioctl(fd, ION_IOC_HEAP_QUERY, &q);
	if (r < 0)
		return r;
	*cnt = (int)q.cnt;
	return 0;
}

int ion_query_get_heaps_ex(int fd, int cnt, struct ion_heap_data *buffers,
			   int *written, int *quirk)
{
	struct ion_heap_query q;
	int r;

	if (!buffers || cnt <= 0)
		return -EINVAL;
	if (quirk)
		*quirk = 0;
	memset(buffers, 0, sizeof(*buffers) * (size_t)cnt);
	memset(&q, 0, sizeof(q));
	q.cnt = (__u32)cnt;
	q.heaps = (__u64)(uintptr_t)buffers;
	r = ion_ioctl(fd, ION_IOC_HEAP_QUERY, &q);
	if (r == -EINVAL && q.cnt > 0 && q.cnt <= (__u32)cnt &&
	    buffers[0].name[0] != '\0') {
		/* Mainline 4.9: records were copied back, but the return value
		 * was never reset from -EINVAL. */
		if (quirk)
			*quirk = 1;
		r = 0;
	}
	if (r < 0)
		return r;
	if (written)
		*written = (int)q.cnt;
	return 0;
}

int ion_query_get_heaps(int fd, int cnt, void *buffers)
{
	return ion_query_get_heaps_ex(fd, cnt, buffers, NULL, NULL);
}
