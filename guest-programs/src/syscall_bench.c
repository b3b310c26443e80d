/*
 * syscall_bench - N null system calls (getppid through syscall(2), so libc
 * cannot cache anything).   usage: syscall_bench [N=100000]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 100000;
	struct timespec a, b;
	long i, ppid = 0;
	double s;

	if (n < 0) {
		printf("usage: %s [N]\n", argv[0]);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		ppid = syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	printf("syscall_bench: %ld getppid calls (ppid=%ld) in %.6f s, %.1f ns/call\n",
	       n, ppid, s, n ? s * 1e9 / n : 0.0);
	return 0;
}
