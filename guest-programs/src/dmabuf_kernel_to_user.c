/*
 * dmabuf_kernel_to_user - document 000, 3.1.2: the dmabuf-test driver shares
 * its in-kernel ION buffer (which it filled with "efgh") as a dma-buf fd
 * (DMABUF_IOC_TEST_GET_FD_FROM_KERNEL); user space mmaps it and reads it.
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

#define PAGE_SZ 4096

int main(void)
{
	struct dmabuf_test_rw_data data;
	char shown[16];
	unsigned char *p;
	int test_fd, e;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("dmabuf_kernel_to_user: start\n");
	test_fd = open(DMABUF_TEST_DEV, O_RDONLY | O_CLOEXEC);
	if (test_fd < 0) {
		e = errno;
		demo_perr("open " DMABUF_TEST_DEV, e);
		demo_fail("open %s: %s", DMABUF_TEST_DEV, errno_name(e));
	}
	memset(&data, 0, sizeof(data));
	data.fd = -1;
	if (ioctl(test_fd, DMABUF_IOC_TEST_GET_FD_FROM_KERNEL, &data) < 0) {
		e = errno;
		demo_perr("DMABUF_IOC_TEST_GET_FD_FROM_KERNEL", e);
		demo_fail("GET_FD_FROM_KERNEL: %s", errno_name(e));
	}
	printf("GET_FD_FROM_KERNEL ok: dma-buf fd=%d\n", data.fd);
	if (data.fd < 0)
		demo_fail("driver returned invalid fd %d", data.fd);

	p = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, data.fd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		demo_perr("mmap", e);
		demo_fail("mmap dma-buf: %s", errno_name(e));
	}
	for (i = 0; i + 1 < sizeof(shown) && p[i] >= 0x20 && p[i] < 0x7f; i++)
		shown[i] = (char)p[i];
	shown[i] = '\0';
	printf("user space buffer data: %s\n", shown);
	if (memcmp(p, "efgh", 4) != 0)
		demo_fail("expected \"efgh\", read \"%s\"", shown);
	if (munmap(p, PAGE_SZ) < 0) {
		e = errno;
		demo_perr("munmap", e);
		demo_fail("munmap: %s", errno_name(e));
	}
	close(data.fd);
	close(test_fd);
	demo_pass();
}
