/*
 * dmabuf_user_to_kernel - document 000, 3.1.1: user space allocates an ION
 * buffer, writes "abcd" and hands the dma-buf fd to the dmabuf-test driver
 * (DMABUF_IOC_TEST_GET_FD_FROM_USER), which reads it in the kernel through
 * begin_cpu_access + kmap and logs "buf data:abcd".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "demo_util.h"
#include "dmabuf_test.h"
#include "ion.h"

#define PAGE_SZ 4096

int main(void)
{
	struct dmabuf_test_rw_data data;
	struct ion_allocation_data alloc;
	struct ion_fd_data fdd;
	struct ion_handle_data hd;
	unsigned char *p;
	int test_fd, ion_fd, e;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("dmabuf_user_to_kernel: start\n");
	test_fd = open(DMABUF_TEST_DEV, O_RDONLY | O_CLOEXEC);
	if (test_fd < 0) {
		e = errno;
		demo_perr("open " DMABUF_TEST_DEV, e);
		demo_fail("open %s: %s", DMABUF_TEST_DEV, errno_name(e));
	}
	ion_fd = open("/dev/ion", O_RDONLY | O_CLOEXEC);
	if (ion_fd < 0) {
		e = errno;
		demo_perr("open /dev/ion", e);
		demo_fail("open /dev/ion: %s", errno_name(e));
	}

	memset(&alloc, 0, sizeof(alloc));
	alloc.len = PAGE_SZ;
	alloc.heap_id_mask = ION_HEAP_SYSTEM_MASK;
	alloc.flags = ION_FLAG_CACHED | ION_FLAG_CACHED_NEEDS_SYNC;
	if (ioctl(ion_fd, ION_IOC_ALLOC, &alloc) < 0) {
		e = errno;
		demo_perr("ION_IOC_ALLOC", e);
		demo_fail("ION_IOC_ALLOC: %s", errno_name(e));
	}
	printf("ION_IOC_ALLOC ok: handle=%d len=%u\n", alloc.handle, (unsigned)alloc.len);

	fdd.handle = alloc.handle;
	fdd.fd = -1;
	if (ioctl(ion_fd, ION_IOC_MAP, &fdd) < 0) {
		e = errno;
		demo_perr("ION_IOC_MAP", e);
		demo_fail("ION_IOC_MAP: %s", errno_name(e));
	}
	printf("ION_IOC_MAP ok: dma-buf fd=%d\n", fdd.fd);

	p = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fdd.fd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		demo_perr("mmap", e);
		demo_fail("mmap dma-buf: %s", errno_name(e));
	}
	memcpy(p, "abcd\n", 6); /* includes the terminating NUL */
	printf("wrote \"abcd\" to ION buffer\n");

	memset(&data, 0, sizeof(data));
	data.fd = fdd.fd;
	if (ioctl(test_fd, DMABUF_IOC_TEST_GET_FD_FROM_USER, &data) < 0) {
		e = errno;
		demo_perr("DMABUF_IOC_TEST_GET_FD_FROM_USER", e);
		demo_fail("GET_FD_FROM_USER: %s", errno_name(e));
	}
	printf("GET_FD_FROM_USER ok: driver read the buffer (kernel log: \"buf data:abcd\")\n");

	if (memcmp(p, "abcd", 4) != 0)
		demo_fail("buffer changed after the driver read it");
	if (munmap(p, PAGE_SZ) < 0) {
		e = errno;
		demo_perr("munmap", e);
		demo_fail("munmap: %s", errno_name(e));
	}
	if (close(fdd.fd) < 0) {
		e = errno;
		demo_perr("close dma-buf fd", e);
		demo_fail("close dma-buf fd: %s", errno_name(e));
	}
	hd.handle = alloc.handle;
	if (ioctl(ion_fd, ION_IOC_FREE, &hd) < 0) {
		e = errno;
		demo_perr("ION_IOC_FREE", e);
		demo_fail("ION_IOC_FREE: %s", errno_name(e));
	}
	close(ion_fd);
	close(test_fd);
	printf("released buffer and devices\n");
	demo_pass();
}
