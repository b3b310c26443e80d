/*
 * ion_alloc_demo - user-space ION allocation (document 000, 2.4.1):
 * open /dev/ion, ION_IOC_ALLOC 1024*768*4 bytes from the dma (CMA) heap,
 * ION_IOC_MAP, mmap, write and verify a pattern, munmap, close the dma-buf
 * fd, ION_IOC_FREE, close.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "demo_util.h"
#include "ion.h"

#define BUF_LEN (1024 * 768 * 4)

int main(void)
{
	struct ion_allocation_data alloc;
	struct ion_fd_data fdd;
	struct ion_handle_data hd;
	unsigned char *p;
	long bad;
	int ion_fd, e;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ion_alloc_demo: start\n");
	ion_fd = open("/dev/ion", O_RDONLY | O_CLOEXEC);
	if (ion_fd < 0) {
		e = errno;
		demo_perr("open /dev/ion", e);
		demo_fail("open /dev/ion: %s", errno_name(e));
	}
	printf("opened /dev/ion (fd %d)\n", ion_fd);

	memset(&alloc, 0, sizeof(alloc));
	alloc.len = BUF_LEN;
	alloc.align = 0;
	alloc.heap_id_mask = ION_HEAP_TYPE_DMA_MASK;
	alloc.flags = ION_FLAG_CACHED;
	printf("ION_IOC_ALLOC len=%u heap_id_mask=0x%x flags=0x%x\n",
	       (unsigned)alloc.len, alloc.heap_id_mask, alloc.flags);
	if (ioctl(ion_fd, ION_IOC_ALLOC, &alloc) < 0) {
		e = errno;
		demo_perr("ION_IOC_ALLOC", e);
		if (e != EINVAL)
			demo_fail("ION_IOC_ALLOC: %s", errno_name(e));
		printf("note: dma heap refused ION_FLAG_CACHED (EINVAL, mainline 4.9); retrying uncached\n");
		alloc.flags = 0;
		alloc.handle = 0;
		if (ioctl(ion_fd, ION_IOC_ALLOC, &alloc) < 0) {
			e = errno;
			demo_perr("ION_IOC_ALLOC (uncached)", e);
			demo_fail("ION_IOC_ALLOC: %s", errno_name(e));
		}
	}
	printf("ION_IOC_ALLOC ok: handle=%d len=%u flags=0x%x\n", alloc.handle,
	       (unsigned)alloc.len, alloc.flags);
	if (alloc.handle <= 0)
		demo_fail("ION_IOC_ALLOC returned invalid handle %d", alloc.handle);

	memset(&fdd, 0, sizeof(fdd));
	fdd.handle = alloc.handle;
	fdd.fd = -1;
	if (ioctl(ion_fd, ION_IOC_MAP, &fdd) < 0) {
		e = errno;
		demo_perr("ION_IOC_MAP", e);
		demo_fail("ION_IOC_MAP: %s", errno_name(e));
	}
	printf("ION_IOC_MAP ok: dma-buf fd=%d\n", fdd.fd);

	p = mmap(NULL, BUF_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fdd.fd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		demo_perr("mmap", e);
		demo_fail("mmap dma-buf: %s", errno_name(e));
	}
	printf("mmap ok at %p\n", (void *)p);

	demo_fill_pattern(p, BUF_LEN, 0x1234);
	bad = demo_check_pattern(p, BUF_LEN, 0x1234);
	if (bad >= 0)
		demo_fail("pattern mismatch at offset %ld", bad);
	printf("pattern verified over %u bytes\n", (unsigned)BUF_LEN);

	memset(p, 0, BUF_LEN);
	for (i = 0; i < BUF_LEN; i++)
		if (p[i] != 0)
			demo_fail("memset(0) not visible at offset %zu", i);
	printf("memset(0) verified\n");

	if (munmap(p, BUF_LEN) < 0) {
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
	printf("ION_IOC_FREE ok\n");
	if (close(ion_fd) < 0) {
		e = errno;
		demo_perr("close /dev/ion", e);
		demo_fail("close /dev/ion: %s", errno_name(e));
	}
	printf("closed /dev/ion\n");
	demo_pass();
}
