/*
 * dmabuf_share_client - document 000, 3.2 (client side): allocates an ION
 * buffer, writes "1234", connects to the service's AF_UNIX socket (retrying
 * for up to ~5 s while the service starts), sends the dma-buf fd with
 * SCM_RIGHTS and waits for the service's ack byte.
 *   usage: dmabuf_share_client [socket path]   (default /tmp/dmabuf_share.sock)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "demo_util.h"
#include "ion.h"

#define PAGE_SZ 4096
#define DEFAULT_SOCK "/tmp/dmabuf_share.sock"
#define CONNECT_TRIES 100   /* x 50 ms = 5 s */

static int send_fd(int sock, int fd)
{
	union {
		struct cmsghdr cm;
		char control[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;
	char payload[] = "dmabuf";
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	memset(&ctl, 0, sizeof(ctl));
	iov.iov_base = payload;
	iov.iov_len = sizeof(payload);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.control;
	msg.msg_controllen = sizeof(ctl.control);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	do {
		n = sendmsg(sock, &msg, 0);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : (int)n;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : DEFAULT_SOCK;
	struct ion_allocation_data alloc;
	struct ion_fd_data fdd;
	struct ion_handle_data hd;
	struct sockaddr_un addr;
	unsigned char *p;
	char ack = 0;
	int ion_fd, sock, e, i, r;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("dmabuf_share_client: start\n");
	if (strlen(path) >= sizeof(addr.sun_path))
		demo_fail("socket path too long");
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
	fdd.handle = alloc.handle;
	fdd.fd = -1;
	if (ioctl(ion_fd, ION_IOC_MAP, &fdd) < 0) {
		e = errno;
		demo_perr("ION_IOC_MAP", e);
		demo_fail("ION_IOC_MAP: %s", errno_name(e));
	}
	printf("ION buffer: handle=%d dma-buf fd=%d\n", alloc.handle, fdd.fd);
	p = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fdd.fd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		demo_perr("mmap", e);
		demo_fail("mmap dma-buf: %s", errno_name(e));
	}
	memcpy(p, "1234\n", 6);
	printf("client buffer data: %.4s\n", (char *)p);
	if (munmap(p, PAGE_SZ) < 0) {
		e = errno;
		demo_perr("munmap", e);
		demo_fail("munmap: %s", errno_name(e));
	}

	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path, path);
	sock = -1;
	for (i = 0; i < CONNECT_TRIES; i++) {
		sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (sock < 0) {
			e = errno;
			demo_perr("socket", e);
			demo_fail("socket: %s", errno_name(e));
		}
		if (connect(sock, (struct sockaddr *)&addr, sizeof(addr)) == 0)
			break;
		e = errno;
		close(sock);
		sock = -1;
		if (e != ENOENT && e != ECONNREFUSED && e != EAGAIN && e != EINTR) {
			demo_perr("connect", e);
			demo_fail("connect %s: %s", path, errno_name(e));
		}
		if (i == 0)
			printf("service not listening yet (%s), retrying\n", errno_name(e));
		demo_msleep(50);
	}
	if (sock < 0)
		demo_fail("could not connect to %s within 5 s", path);
	printf("connected to %s\n", path);

	r = send_fd(sock, fdd.fd);
	if (r < 0) {
		demo_perr("sendmsg", r);
		demo_fail("sendmsg SCM_RIGHTS: %s", errno_name(r));
	}
	printf("sent fd %d (%d data bytes)\n", fdd.fd, r);

	do {
		n = read(sock, &ack, 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		e = errno;
		demo_perr("read ack", e);
		demo_fail("waiting for ack: %s", errno_name(e));
	}
	if (n == 0)
		demo_fail("service closed the connection without ack");
	if (ack != 'A')
		demo_fail("service rejected the buffer (ack '%c')", ack);
	printf("ack received\n");

	close(sock);
	close(fdd.fd);
	hd.handle = alloc.handle;
	if (ioctl(ion_fd, ION_IOC_FREE, &hd) < 0) {
		e = errno;
		demo_perr("ION_IOC_FREE", e);
		demo_fail("ION_IOC_FREE: %s", errno_name(e));
	}
	close(ion_fd);
	demo_pass();
}
