/*
 * libion.h - a small C libion for the legacy (4.9) ION ABI, with the
 * function names of AOSP's libion.  Every function returns 0 (or a fd for
 * ion_open) on success and -errno on failure.
 */
#ifndef VEXMEM_GUEST_LIBION_H
#define VEXMEM_GUEST_LIBION_H

#include <stddef.h>
#include <sys/types.h>
#include "ion.h"

#define ION_DEV "/dev/ion"

int ion_open(void);                 /* open("/dev/ion", O_RDONLY|O_CLOEXEC) */
int ion_close(int fd);
int ion_alloc(int fd, size_t len, size_t align, unsigned int heap_mask,
	      unsigned int flags, ion_user_handle_t *handle);
/* ALLOC + SHARE + FREE: returns a dma-buf fd in *handle_fd. */
int ion_alloc_fd(int fd, size_t len, size_t align, unsigned int heap_mask,
		 unsigned int flags, int *handle_fd);
int ion_sync_fd(int fd, int handle_fd);
int ion_free(int fd, ion_user_handle_t handle);
/* ION_IOC_MAP then mmap(length, prot, flags, offset): *ptr and *map_fd. */
int ion_map(int fd, ion_user_handle_t handle, size_t length, int prot,
	    int flags, off_t offset, unsigned char **ptr, int *map_fd);
int ion_share(int fd, ion_user_handle_t handle, int *share_fd);
int ion_import(int fd, int share_fd, ion_user_handle_t *handle);
int ion_query_heap_cnt(int fd, int *cnt);
/* Fills up to cnt struct ion_heap_data records at buffers.  Accepts the
 * mainline 4.9 quirk (EINVAL returned although records were written). */
int ion_query_get_heaps(int fd, int cnt, void *buffers);
/* Same, also reporting how many records were written and whether the 4.9
 * EINVAL-on-success quirk was seen (*quirk = 1). */
int ion_query_get_heaps_ex(int fd, int cnt, struct ion_heap_data *buffers,
			   int *written, int *quirk);
/* ION_IOC_CUSTOM. */
int ion_custom(int fd, unsigned int cmd, unsigned long arg);

#endif
