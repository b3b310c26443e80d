/*
 * cpu_bench - CPU-bound guest benchmark: per round an integer loop, a 3 MiB
 * memset and a little VFP arithmetic.
 *   usage: cpu_bench [rounds=400] [int_iters=20000] [vfp_iters=2000]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BUF_SIZE (3u << 20)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? strtol(argv[1], NULL, 0) : 400;
	long int_iters = argc > 2 ? strtol(argv[2], NULL, 0) : 20000;
	long vfp_iters = argc > 3 ? strtol(argv[3], NULL, 0) : 2000;
	unsigned char *buf = malloc(BUF_SIZE);
	volatile unsigned int sink = 0;
	volatile double fsink = 0.0;
	unsigned int x = 2463534242u, acc = 0;
	double t0, t1, f = 1.0;
	long r, i;

	if (!buf) {
		printf("malloc failed\n");
		return 1;
	}
	if (rounds < 0 || int_iters < 0 || vfp_iters < 0) {
		printf("usage: %s [rounds] [int_iters] [vfp_iters]\n", argv[0]);
		return 2;
	}
	printf("cpu_bench: rounds=%ld int_iters=%ld vfp_iters=%ld memset=%u bytes\n",
	       rounds, int_iters, vfp_iters, BUF_SIZE);
	t0 = now_s();
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < int_iters; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			acc += x % 7u + (unsigned)i;
		}
		memset(buf, (int)(r & 0xff), BUF_SIZE);
		acc += buf[(x >> 3) % BUF_SIZE];
		for (i = 0; i < vfp_iters; i++) {
			f = f * 1.0000001 + 0.5 / (double)(i + 1);
			if (f > 1e6)
				f = f / 3.0;
		}
		sink = acc;
		fsink = f;
	}
	t1 = now_s();
	printf("cpu_bench: checksum=0x%08x fp=%.6f\n", sink, fsink);
	printf("cpu_bench: elapsed %.3f s (%.3f ms/round)\n", t1 - t0,
	       rounds ? (t1 - t0) * 1000.0 / rounds : 0.0);
	free(buf);
	return 0;
}
