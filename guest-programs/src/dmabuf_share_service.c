/*
 * dmabuf_share_service - document 000, 3.2 (service side): listens on an
 * AF_UNIX stream socket, receives a dma-buf fd with SCM_RIGHTS, mmaps it,
 * checks it holds "1234" and answers with an ack byte.
 *   usage: dmabuf_share_service [socket path]   (default /tmp/dmabuf_share.sock)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "demo_util.h"

#define PAGE_SZ 4096
#define DEFAULT_SOCK "/tmp/dmabuf_share.sock"
#define TIMEOUT_S 30

static void on_alarm(int sig)
{
	static const char msg[] = "RESULT: FAIL timeout waiting for the client\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0) { /* nothing else to do */ }
	_exit(1);
}

/* Receives one message; returns the passed fd or -1. */
static int recv_fd(int sock)
{
	union {
		struct cmsghdr cm;
		char control[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;
	char buf[100];
	ssize_t n;
	int fd;

	memset(&msg, 0, sizeof(msg));
	memset(&ctl, 0, sizeof(ctl));
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.control;
	msg.msg_controllen = sizeof(ctl.control);
	do {
		n = recvmsg(sock, &msg, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		demo_perr("recvmsg", errno);
		return -1;
	}
	printf("recvmsg: %zd data bytes, controllen %u, flags 0x%x\n", n,
	       (unsigned)msg.msg_controllen, (unsigned)msg.msg_flags);
	if (msg.msg_flags & MSG_CTRUNC) {
		printf("control data truncated\n");
		return -1;
	}
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_len != CMSG_LEN(sizeof(int))) {
		printf("no SCM_RIGHTS control message with one fd\n");
		return -1;
	}
	if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) {
		printf("unexpected cmsg level %d type %d\n", cm->cmsg_level, cm->cmsg_type);
		return -1;
	}
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : DEFAULT_SOCK;
	struct sockaddr_un addr;
	unsigned char *p;
	char shown[16], ack = 'A';
	int lfd, cfd, rfd, e;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("dmabuf_share_service: start\n");
	signal(SIGALRM, on_alarm);
	alarm(TIMEOUT_S);

	if (strlen(path) >= sizeof(addr.sun_path))
		demo_fail("socket path too long");
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0) {
		e = errno;
		demo_perr("socket", e);
		demo_fail("socket: %s", errno_name(e));
	}
	if (unlink(path) < 0 && errno != ENOENT)
		demo_perr("unlink old socket", errno);
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path, path);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		e = errno;
		demo_perr("bind", e);
		demo_fail("bind %s: %s", path, errno_name(e));
	}
	if (listen(lfd, 5) < 0) {
		e = errno;
		demo_perr("listen", e);
		demo_fail("listen: %s", errno_name(e));
	}
	printf("listening on %s\n", path);

	for (;;) {
		cfd = accept(lfd, NULL, NULL);
		if (cfd < 0) {
			e = errno;
			if (e == EINTR)
				continue;
			demo_perr("accept", e);
			demo_fail("accept: %s", errno_name(e));
		}
		printf("accepted connection (fd %d)\n", cfd);
		rfd = recv_fd(cfd);
		if (rfd >= 0)
			break;
		close(cfd);
	}
	printf("recv fd:%d\n", rfd);

	p = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		demo_perr("mmap received fd", e);
		demo_fail("mmap received dma-buf: %s", errno_name(e));
	}
	for (i = 0; i + 1 < sizeof(shown) && p[i] >= 0x20 && p[i] < 0x7f; i++)
		shown[i] = (char)p[i];
	shown[i] = '\0';
	printf("service buffer data: %s\n", shown);
	if (memcmp(p, "1234", 4) != 0) {
		ack = 'N';
		if (write(cfd, &ack, 1) < 0) { /* best effort */ }
		demo_fail("expected \"1234\", read \"%s\"", shown);
	}
	if (write(cfd, &ack, 1) != 1) {
		e = errno;
		demo_perr("write ack", e);
		demo_fail("sending ack: %s", errno_name(e));
	}
	printf("ack sent\n");
	if (munmap(p, PAGE_SZ) < 0) {
		e = errno;
		demo_perr("munmap", e);
		demo_fail("munmap: %s", errno_name(e));
	}
	close(rfd);
	close(cfd);
	close(lfd);
	unlink(path);
	alarm(0);
	demo_pass();
}
