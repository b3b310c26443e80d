/*
 * e2e_tool - small ARM guest used by the end-to-end tests in tests/.
 *   e2e_tool exit N            exit with status N
 *   e2e_tool segv              store to address 0x10 (SIGSEGV)
 *   e2e_tool cat PATH          print a file's contents, or "open PATH: ERRNO" and exit 3
 *   e2e_tool put PATH TEXT     create/truncate PATH and write TEXT
 *   e2e_tool fsops DIR         mkdir/write/lseek/fstat/getdents64/unlink/rmdir under DIR; prints results
 *   e2e_tool alarm             alarm(1) with SIG_DFL, then pause in a sleep loop (killed by SIGALRM)
 *   e2e_tool itimer            setitimer/getitimer round trip; SIG_IGN'd SIGALRM expiry is harmless
 *   e2e_tool chaos [SEED]      wild syscalls; every one must fail with an errno, exit 0
 *   e2e_tool exporter SOCK     ION alloc, write pattern, send dma-buf fd over SOCK, close all, exit
 *   e2e_tool importer SOCK     accept on SOCK, wait until the exporter has exited, mmap received fd, verify
 * Build: see build.sh (arm-linux-gnueabihf-gcc -static).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ion.h"

#define BUF_SZ 8192
#define PATTERN(i) ((unsigned char)((i) * 7 + 3))

static int fails;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok" : "FAIL", what);
	if (!ok)
		fails++;
}

static int cat(const char *path)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("open %s: %s\n", path, strerror(errno));
		return 3;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, n, stdout);
	close(fd);
	return 0;
}

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("open %s: %s\n", path, strerror(errno));
		return 3;
	}
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		printf("write %s: %s\n", path, strerror(errno));
		return 3;
	}
	close(fd);
	printf("wrote %s\n", path);
	return 0;
}

static int fsops(const char *dir)
{
	char p[256], q[256], buf[64];
	struct stat st;
	int fd, found = 0;
	DIR *d;
	struct dirent *e;

	snprintf(p, sizeof p, "%s/sub", dir);
	check(mkdir(p, 0755) == 0, "mkdir sub");
	check(mkdir(p, 0755) < 0 && errno == EEXIST, "mkdir sub again EEXIST");
	snprintf(q, sizeof q, "%s/sub/f.txt", dir);
	fd = open(q, O_RDWR | O_CREAT | O_EXCL, 0644);
	check(fd >= 0, "create sub/f.txt");
	check(open(q, O_RDWR | O_CREAT | O_EXCL, 0644) < 0 && errno == EEXIST, "O_EXCL again EEXIST");
	check(write(fd, "hello world", 11) == 11, "write 11");
	check(lseek(fd, 6, SEEK_SET) == 6, "lseek 6");
	memset(buf, 0, sizeof buf);
	check(read(fd, buf, sizeof buf) == 5 && strcmp(buf, "world") == 0, "read world");
	check(lseek(fd, 0, SEEK_END) == 11, "lseek end 11");
	check(fstat(fd, &st) == 0 && st.st_size == 11 && S_ISREG(st.st_mode), "fstat size 11");
	close(fd);
	check(stat(p, &st) == 0 && S_ISDIR(st.st_mode), "stat sub is dir");
	d = opendir(p);
	check(d != NULL, "opendir sub");
	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, "f.txt") == 0)
			found = 1;
	if (d)
		closedir(d);
	check(found, "readdir lists f.txt");
	check(rmdir(p) < 0 && errno == ENOTEMPTY, "rmdir non-empty ENOTEMPTY");
	check(unlink(q) == 0, "unlink f.txt");
	check(open(q, O_RDONLY) < 0 && errno == ENOENT, "open unlinked ENOENT");
	check(rmdir(p) == 0, "rmdir sub");
	snprintf(p, sizeof p, "%s/../../../etc/passwd", dir);
	fd = open(p, O_RDONLY);
	check(fd < 0 || fstat(fd, &st) == 0, "dotdot stays in the guest tree");
	printf("fsops done, %d failures\n", fails);
	return fails ? 1 : 0;
}

static void handler(int sig) { (void)sig; }

static int itimer(void)
{
	struct itimerval v, o;
	memset(&v, 0, sizeof v);
	v.it_value.tv_sec = 5;
	v.it_interval.tv_usec = 250000;
	check(setitimer(ITIMER_REAL, &v, NULL) == 0, "setitimer 5s");
	check(getitimer(ITIMER_REAL, &o) == 0 && o.it_value.tv_sec <= 5 && (o.it_value.tv_sec > 0 || o.it_value.tv_usec > 0)
	      && o.it_interval.tv_usec == 250000, "getitimer reads it back");
	check(setitimer(99, &v, NULL) < 0 && errno == EINVAL, "setitimer bad which EINVAL");
	check(syscall(SYS_setitimer, ITIMER_REAL, (void *)16, NULL) < 0 && errno == EFAULT, "setitimer bad pointer EFAULT");
	memset(&v, 0, sizeof v);
	check(setitimer(ITIMER_REAL, &v, &o) == 0 && o.it_value.tv_sec <= 5, "disarm returns old value");
	check(getitimer(ITIMER_REAL, &o) == 0 && o.it_value.tv_sec == 0 && o.it_value.tv_usec == 0, "disarmed");
	/* A handler is installed: expiry runs it (and cuts the sleep short); the process goes on. */
	signal(SIGALRM, handler);
	alarm(1);
	sleep(2);
	check(1, "alive after expiry with a handler");
	printf("itimer done, %d failures\n", fails);
	return fails ? 1 : 0;
}

/* ---------------------------------------------------------------- chaos */

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static long wild_ptr(void)
{
	static const long ptrs[] = {0, 1, 16, 0xfff, 0x1000, 0x7fffffff, 0x80000000, 0xbf000000, 0xbefffff0,
				    0xc0000000, 0xfffff000, 0xffffffff, 0xffff0fe0};
	return ptrs[rnd() % (sizeof ptrs / sizeof ptrs[0])];
}

static long wild_size(void)
{
	static const long sizes[] = {0, 1, 4, 20, 4096, 0x7fffffff, 0x80000000, 0xffffffff, -1, 1 << 30};
	return sizes[rnd() % (sizeof sizes / sizeof sizes[0])];
}

static int chaos(void)
{
	static const unsigned long cmds[] = {0xC0144900, 0xC0044901, 0xC0084902, 0xC0084904, 0xC0084905, 0xC0084906,
					     0xC0084907, 0xC0184908, 0xC0184800, 0x40086200, 0x40046201, 0x40086201,
					     0x40044401, 0x80044402, 0x80504403, 0x40045601, 0x40045602, 0xC0206801,
					     0x40046D05, 0x40046D04, 0x40046D01, 0xdeadbeef, 0, 0xffffffff};
	static const char *devs[] = {"/dev/ion", "/dev/dmabuf-test", "/dev/cma_mem", "/dev/heap_test",
				     "/dev/dma_heap/system", "/dev/vion_dev"};
	int fds[8], nfd = 0, i, bad = 0;
	long r;
	unsigned long calls = 0, errs = 0;

	for (i = 0; i < 6; i++) {
		int fd = open(devs[i], O_RDWR);
		if (fd >= 0)
			fds[nfd++] = fd;
	}
	printf("chaos: %d devices open\n", nfd);
	for (i = 0; i < 3000; i++) {
		int fd = nfd ? fds[rnd() % nfd] : 0;
		errno = 0;
		switch (rnd() % 6) {
		case 0:
		case 1:
			r = syscall(SYS_ioctl, fd, cmds[rnd() % (sizeof cmds / sizeof cmds[0])], wild_ptr());
			break;
		case 2:
			r = syscall(SYS_read, fd, wild_ptr(), wild_size());
			break;
		case 3:
			r = syscall(SYS_write, fd, wild_ptr(), wild_size());
			break;
		case 4:
			/* never MAP_FIXED: replacing our own text or stack would be a legitimate crash */
			r = syscall(SYS_mmap2, wild_ptr(), wild_size(), rnd() & 0xf, rnd() & ~0x10u, fd, rnd() & 0xff);
			break;
		default:
			r = syscall(SYS_getppid); /* a valid call in between */
			break;
		}
		calls++;
		if (r == -1) {
			errs++;
			if (errno == 0)
				bad++;
		}
	}
	/* system calls that take paths and structs, with wild pointers (none of them can block or hurt us) */
	{
		int dirfd = open("/", O_RDONLY | O_DIRECTORY);
		int nul = open("/dev/null", O_RDWR);
		int sk = socket(AF_UNIX, SOCK_STREAM, 0);
		for (i = 0; i < 3000; i++) {
			long p = wild_ptr(), q = wild_ptr(), n = wild_size();
			errno = 0;
			switch (rnd() % 22) {
			case 0: r = syscall(SYS_openat, AT_FDCWD, p, rnd() & ~0x40u, 0); if (r >= 0) close(r); break;
			case 1: r = syscall(SYS_stat64, p, q); break;
			case 2: r = syscall(SYS_fstat64, fds[rnd() % (nfd ? nfd : 1)], p); break;
			case 3: r = syscall(SYS_statx, AT_FDCWD, p, rnd(), rnd(), q); break;
			case 4: r = syscall(SYS_getdents64, dirfd, p, n); lseek(dirfd, 0, SEEK_SET); break;
			case 5: r = syscall(SYS_readlink, p, q, n); break;
			case 6: r = syscall(SYS_getcwd, p, n); break;
			case 7: r = syscall(SYS_uname, p); break;
			case 8: r = syscall(SYS_sysinfo, p); break;
			case 9: r = syscall(SYS_clock_gettime, rnd() % 12, p); break;
			case 10: r = syscall(SYS_gettimeofday, p, q); break;
			case 11: r = syscall(SYS_writev, nul, p, rnd() % 2000); break;
			case 12: r = syscall(SYS_readv, nul, p, rnd() % 2000); break;
			case 13: r = syscall(SYS_sendmsg, sk, p, rnd() & 0x40); break;
			case 14: r = syscall(SYS_recvmsg, sk, p, 0x40 /* MSG_DONTWAIT */); break;
			case 15: r = syscall(SYS_poll, p, rnd() % 4, 0); break;
			case 16: r = syscall(SYS_rt_sigaction, rnd() % 70, p, q, 8); break;
			case 17: r = syscall(SYS_rt_sigprocmask, rnd() % 4, p, q, rnd() % 2 ? 8 : n); break;
			case 18: r = syscall(SYS_getrandom, p, n, 1 /* GRND_NONBLOCK */); break;
			case 19: r = syscall(SYS_prlimit64, 0, rnd() % 20, 0, q); break;
			case 20: r = syscall(SYS_connect, sk, p, n); break;
			default: r = syscall(SYS_pread64, nfd ? fds[rnd() % nfd] : nul, p, n, 0, rnd()); break;
			}
			calls++;
			if (r == -1) {
				errs++;
				if (errno == 0)
					bad++;
			}
		}
		close(sk);
		close(nul);
		close(dirfd);
	}
	/* unknown numbers: ENOSYS */
	for (i = 400; i <= 450; i++) {
		/* skip the implemented time64 calls: with junk they may legitimately sleep or block forever */
		if (i == 403 || i == 406 || i == 407 || i == 413 || i == 414 || i == 422)
			continue;
		r = syscall(i, wild_ptr(), wild_ptr(), wild_size(), 0, 0, 0);
		calls++;
		if (r == -1 && errno == 0)
			bad++;
	}
	r = syscall(0xf0010, 1, 2, 3);
	check(r == -1 && errno == ENOSYS, "ARM private 0xf0010 ENOSYS");
	r = syscall(0xf0100, 1, 2, 3);
	check(r == -1 && errno == ENOSYS, "ARM private 0xf0100 ENOSYS");
	r = syscall(9999);
	check(r == -1 && errno == ENOSYS, "syscall 9999 ENOSYS");
	check(bad == 0, "every failure set errno");
	for (i = 0; i < nfd; i++)
		close(fds[i]);
	printf("chaos: %lu calls, %lu errors, %d failures\n", calls, errs, fails);
	return fails ? 1 : 0;
}

/* ---------------------------------------------------------------- SCM_RIGHTS, exporter exits first */

static int sock_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strncpy(a->sun_path, path, sizeof a->sun_path - 1);
	return sizeof *a;
}

static int exporter(const char *path)
{
	struct ion_allocation_data alloc;
	struct ion_fd_data fdd;
	struct sockaddr_un addr;
	unsigned char *p;
	int ion, s, i;
	pid_t me = getpid();
	char control[CMSG_SPACE(sizeof(int))];
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;

	ion = open("/dev/ion", O_RDWR);
	if (ion < 0) { printf("exporter: open /dev/ion: %s\n", strerror(errno)); return 1; }
	memset(&alloc, 0, sizeof alloc);
	alloc.len = BUF_SZ;
	alloc.heap_id_mask = ION_HEAP_SYSTEM_MASK;
	if (ioctl(ion, ION_IOC_ALLOC, &alloc) < 0) { printf("exporter: alloc: %s\n", strerror(errno)); return 1; }
	fdd.handle = alloc.handle;
	if (ioctl(ion, ION_IOC_SHARE, &fdd) < 0) { printf("exporter: share: %s\n", strerror(errno)); return 1; }
	p = mmap(NULL, BUF_SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fdd.fd, 0);
	if (p == MAP_FAILED) { printf("exporter: mmap: %s\n", strerror(errno)); return 1; }
	for (i = 0; i < BUF_SZ; i++)
		p[i] = PATTERN(i);
	munmap(p, BUF_SZ);
	for (i = 0; i < 200; i++) {
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(s, (struct sockaddr *)&addr, sock_addr(&addr, path)) == 0)
			break;
		close(s);
		s = -1;
		usleep(20000);
	}
	if (s < 0) { printf("exporter: connect failed\n"); return 1; }
	memset(&msg, 0, sizeof msg);
	memset(control, 0, sizeof control);
	iov.iov_base = &me;
	iov.iov_len = sizeof me;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = sizeof control;
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(cm), &fdd.fd, sizeof(int));
	if (sendmsg(s, &msg, 0) < 0) { printf("exporter: sendmsg: %s\n", strerror(errno)); return 1; }
	/* Drop every reference this process holds: the dma-buf fd, the ION client (frees the handle), the socket. */
	close(fdd.fd);
	close(ion);
	close(s);
	printf("exporter %d: sent %d bytes, closed everything, exiting\n", (int)me, BUF_SZ);
	return 0;
}

static int importer(const char *path)
{
	struct sockaddr_un addr;
	char control[CMSG_SPACE(sizeof(int))];
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;
	pid_t peer = 0;
	unsigned char *p, x;
	int ls, s, fd = -1, i, bad = 0;
	struct timespec ts = {0, 300 * 1000000};

	unlink(path);
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(ls, (struct sockaddr *)&addr, sock_addr(&addr, path)) < 0 || listen(ls, 1) < 0) {
		printf("importer: bind/listen: %s\n", strerror(errno));
		return 1;
	}
	s = accept(ls, NULL, NULL);
	if (s < 0) { printf("importer: accept: %s\n", strerror(errno)); return 1; }
	/* Let the exporter finish: the fd now lives only in the socket's queue. */
	nanosleep(&ts, NULL);
	memset(&msg, 0, sizeof msg);
	iov.iov_base = &peer;
	iov.iov_len = sizeof peer;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = sizeof control;
	if (recvmsg(s, &msg, 0) != sizeof peer) { printf("importer: recvmsg: %s\n", strerror(errno)); return 1; }
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS) { printf("importer: no fd received\n"); return 1; }
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	check(read(s, &x, 1) == 0, "exporter's socket end closed (EOF)");
	check(kill(peer, 0) < 0 && errno == ESRCH, "exporter process is gone (kill 0 -> ESRCH)");
	p = mmap(NULL, BUF_SZ, PROT_READ, MAP_SHARED, fd, 0);
	check(p != MAP_FAILED, "mmap received dma-buf fd");
	if (p != MAP_FAILED) {
		for (i = 0; i < BUF_SZ; i++)
			if (p[i] != PATTERN(i))
				bad++;
		check(bad == 0, "pattern intact after the exporter exited");
		munmap(p, BUF_SZ);
	}
	close(fd);
	close(s);
	close(ls);
	unlink(path);
	printf("importer: received fd from pid %d, %d failures\n", (int)peer, fails);
	return fails ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: e2e_tool MODE ...\n");
		return 2;
	}
	if (!strcmp(argv[1], "exit") && argc > 2)
		return atoi(argv[2]);
	if (!strcmp(argv[1], "segv")) {
		volatile int *bad = (volatile int *)(uintptr_t)strtoul("16", NULL, 0);
		*bad = 1;
		return 0;
	}
	if (!strcmp(argv[1], "cat") && argc > 2)
		return cat(argv[2]);
	if (!strcmp(argv[1], "put") && argc > 3)
		return put(argv[2], argv[3]);
	if (!strcmp(argv[1], "fsops") && argc > 2)
		return fsops(argv[2]);
	if (!strcmp(argv[1], "alarm")) {
		alarm(1);
		for (;;)
			sleep(10);
	}
	if (!strcmp(argv[1], "itimer"))
		return itimer();
	if (!strcmp(argv[1], "chaos")) {
		if (argc > 2)
			rng = (uint32_t)strtoul(argv[2], NULL, 0) | 1;
		return chaos();
	}
	if (!strcmp(argv[1], "exporter") && argc > 2)
		return exporter(argv[2]);
	if (!strcmp(argv[1], "importer") && argc > 2)
		return importer(argv[2]);
	fprintf(stderr, "e2e_tool: bad mode %s\n", argv[1]);
	return 2;
}
