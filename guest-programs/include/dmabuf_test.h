/*
 * dmabuf_test.h - ABI of the "dmabuf-test" misc driver (/dev/dmabuf-test),
 * document 000 sections 3.1-3.3.  The document does not print its uapi
 * header; vexmem defines it as below (see docs/guest-abi.md).
 *
 * At probe the driver creates the kernel ION client "dmabuf-test-client",
 * allocates one PAGE_SIZE buffer from heap mask (1 << ION_HEAP_TYPE_SYSTEM)
 * with flags ION_FLAG_CACHED|ION_FLAG_CACHED_NEEDS_SYNC, and writes
 * "efgh\n" into it through ion_map_kernel.
 *
 * ARM32 numbers (checked with tools/abi_check under qemu-arm):
 *   struct dmabuf_test_rw_data       4 bytes
 *   struct dmabuf_test_kernel_info  80 bytes
 *   DMABUF_IOC_TEST_GET_FD_FROM_USER    _IOW('D', 1, rw_data)     0x40044401
 *   DMABUF_IOC_TEST_GET_FD_FROM_KERNEL  _IOR('D', 2, rw_data)     0x80044402
 *   DMABUF_IOC_TEST_GET_KERNEL_INFO     _IOR('D', 3, kernel_info) 0x80504403
 */
#ifndef VEXMEM_GUEST_DMABUF_TEST_H
#define VEXMEM_GUEST_DMABUF_TEST_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DMABUF_TEST_DEV "/dev/dmabuf-test"
#define DMABUF_TEST_CLIENT_NAME "dmabuf-test-client"

struct dmabuf_test_rw_data {
	int fd;                      /* @0: in (FROM_USER) / out (FROM_KERNEL) */
};

/* Description of the driver's in-kernel ION allocation (document 000 3.3). */
struct dmabuf_test_kernel_info {
	__u32 size;                  /* @0  buffer size in bytes (4096) */
	__u32 heap_id_mask;          /* @4  mask used by ion_alloc (0x1) */
	__u32 flags;                 /* @8  ION flags used (0x3) */
	__s32 handle_id;             /* @12 id of the kernel client's handle (>= 1) */
	char client_name[32];        /* @16 "dmabuf-test-client", NUL-terminated */
	char heap_name[32];          /* @48 name of the heap the buffer came from */
};

#define DMABUF_IOC_TEST_MAGIC 'D'
#define DMABUF_IOC_TEST_GET_FD_FROM_USER \
	_IOW(DMABUF_IOC_TEST_MAGIC, 1, struct dmabuf_test_rw_data)
#define DMABUF_IOC_TEST_GET_FD_FROM_KERNEL \
	_IOR(DMABUF_IOC_TEST_MAGIC, 2, struct dmabuf_test_rw_data)
#define DMABUF_IOC_TEST_GET_KERNEL_INFO \
	_IOR(DMABUF_IOC_TEST_MAGIC, 3, struct dmabuf_test_kernel_info)

#endif
