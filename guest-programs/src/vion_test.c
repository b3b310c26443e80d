/*
 * vion_test - document 001: user space allocates an ION buffer from the
 * system_contig heap, shares it as a dma-buf fd, registers it with the vion
 * driver (VION_REGISTER_ION), write()s a magic string that the driver stores
 * into the buffer, then mmaps the buffer and reads the string back.  The
 * driver is single-open: a second open must fail with EBUSY.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "demo_util.h"
#include "ion_test_module.h"
#include "libion.h"

#define BUF_SIZE 128

int main(void)
{
	char buff[BUF_SIZE];
	char rbuf[BUF_SIZE];
	ion_user_handle_t hnd;
	unsigned char *vaddr;
	int ion_fd, shared_fd, test_fd, fd2, r, e;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("vion_test: start\n");
	ion_fd = ion_open();
	if (ion_fd < 0) {
		demo_perr("ion_open", ion_fd);
		demo_fail("open /dev/ion: %s", errno_name(ion_fd));
	}
	r = ion_alloc(ion_fd, BUF_SIZE, 0, ION_HEAP_SYSTEM_CONTIG_MASK,
		      ION_FLAG_CACHED | ION_FLAG_CACHED_NEEDS_SYNC, &hnd);
	if (r < 0) {
		demo_perr("ion_alloc (system_contig)", r);
		demo_fail("ion_alloc: %s", errno_name(r));
	}
	r = ion_share(ion_fd, hnd, &shared_fd);
	if (r < 0) {
		demo_perr("ion_share", r);
		demo_fail("ion_share: %s", errno_name(r));
	}
	printf("ION buffer: handle=%d shared fd=%d (system_contig, %d bytes)\n",
	       hnd, shared_fd, BUF_SIZE);

	test_fd = open(VION_DEV, O_RDWR | O_CLOEXEC);
	if (test_fd < 0) {
		e = errno;
		demo_perr("open " VION_DEV, e);
		demo_fail("open %s: %s", VION_DEV, errno_name(e));
	}
	printf("opened %s (fd %d)\n", VION_DEV, test_fd);

	fd2 = open(VION_DEV, O_RDWR | O_CLOEXEC);
	if (fd2 >= 0) {
		close(fd2);
		demo_fail("second open of %s succeeded, expected EBUSY", VION_DEV);
	}
	e = errno;
	if (e != EBUSY) {
		demo_perr("second open", e);
		demo_fail("second open of %s: %s, expected EBUSY", VION_DEV, errno_name(e));
	}
	printf("second open: EBUSY (expected)\n");

	if (ioctl(test_fd, VION_REGISTER_ION, &shared_fd) < 0) {
		e = errno;
		demo_perr("VION_REGISTER_ION", e);
		demo_fail("VION_REGISTER_ION: %s", errno_name(e));
	}
	printf("VION_REGISTER_ION ok\n");

	memset(buff, 0, sizeof(buff));
	strcpy(buff, VION_MAGIC_STRING);
	n = write(test_fd, buff, BUF_SIZE - 1);
	if (n < 0) {
		e = errno;
		demo_perr("write " VION_DEV, e);
		demo_fail("write: %s", errno_name(e));
	}
	if (n == 0)
		demo_fail("driver wrote 0 bytes (buffer not registered?)");
	printf("write \"%s\" to vion driver: %zd bytes\n", buff, n);

	vaddr = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, shared_fd, 0);
	if (vaddr == MAP_FAILED) {
		e = errno;
		demo_perr("mmap shared fd", e);
		demo_fail("mmap: %s", errno_name(e));
	}
	memcpy(rbuf, vaddr, BUF_SIZE);
	rbuf[BUF_SIZE - 1] = '\0';
	printf("read back: \"%s\"\n", rbuf);
	if (strcmp(rbuf, VION_MAGIC_STRING) != 0)
		demo_fail("buffer holds \"%s\", expected \"%s\"", rbuf, VION_MAGIC_STRING);

	/* read() in the intended direction (buffer -> user); informative only. */
	memset(rbuf, 0, sizeof(rbuf));
	n = read(test_fd, rbuf, BUF_SIZE - 1);
	if (n < 0)
		demo_perr("read " VION_DEV " (informative)", errno);
	else
		printf("driver read(): %zd bytes \"%.*s\"\n", n, (int)(n > 0 ? n : 0), rbuf);

	if (ioctl(test_fd, VION_UNREGISTER_ION, &shared_fd) < 0) {
		e = errno;
		demo_perr("VION_UNREGISTER_ION", e);
		demo_fail("VION_UNREGISTER_ION: %s", errno_name(e));
	}
	printf("VION_UNREGISTER_ION ok\n");
	close(test_fd);

	fd2 = open(VION_DEV, O_RDWR | O_CLOEXEC);
	if (fd2 < 0)
		demo_perr("re-open after close (informative)", errno);
	else {
		printf("re-open after close ok\n");
		close(fd2);
	}

	munmap(vaddr, BUF_SIZE);
	close(shared_fd);
	r = ion_free(ion_fd, hnd);
	if (r < 0) {
		demo_perr("ion_free", r);
		demo_fail("ion_free: %s", errno_name(r));
	}
	ion_close(ion_fd);
	printf("ion test application terminated\n");
	demo_pass();
}
