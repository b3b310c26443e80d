/*
 * thread_edges - corner cases of threads and futexes, each checked against qemu-arm (Linux):
 *   ppid      getppid of a child forked by a non-leader thread is the parent process's pid
 *   wake0     FUTEX_WAKE with a count of 0 wakes one waiter
 *   lostwake  a FUTEX_WAKE followed at once by a signal (SA_RESTART): the waiter returns 0
 *   stale     a child process whose worker thread slept when it exited leaves no timer behind
 *   zleader   tgkill of a leader that exited before its threads, and tkill, succeed
 *   pastabs   an absolute CLOCK_REALTIME deadline in the past times out at once
 *   order     sys_futex checks the timeout before the operation
 *   selfkill  a worker's kill(getpid(), SIGTERM) ends every thread at once
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/futex.h>

static long fx(int *u, int op, int v, void *ts, int *u2, int v3)
{ long r = syscall(SYS_futex, u, op, v, ts, u2, v3); return r < 0 ? -errno : r; }

static int word;
static volatile int wtid, ready;
static volatile long wres = 999;

static void onusr1(int s) { (void)s; }

/* ppid: child forked by a non-leader thread */
static void *forker(void *a)
{
	(void)a;
	pid_t c = fork();
	if (c == 0) { printf("child getppid=%d parent_getpid=%d\n", (int)getppid(), (int)(long)a); _exit(0); }
	waitpid(c, NULL, 0);
	return NULL;
}

static void *waiter(void *a)
{
	(void)a;
	wtid = syscall(SYS_gettid);
	ready = 1;
	wres = fx(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static void *sleeper(void *a) { (void)a; sleep(100); return NULL; }

static void *late(void *a)
{
	(void)a;
	usleep(1000);
	printf("tgkill zombie leader: %ld\n", syscall(SYS_tgkill, getpid(), getpid(), 0) < 0 ? -errno : 0L);
	printf("tkill self: %ld\n", syscall(SYS_tkill, syscall(SYS_gettid), 0) < 0 ? -errno : 0L);
	return NULL;
}

static void *killer(void *a)
{
	(void)a;
	kill(getpid(), SIGTERM);
	printf("worker still running after kill(getpid(), SIGTERM)\n");
	for (volatile long i = 0; i < 50000000; i++) ;
	printf("worker finished its loop\n");
	return NULL;
}

static long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }

int main(int argc, char **argv)
{
	const char *m = argv[1];
	pthread_t t;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(m, "ppid")) {
		pthread_create(&t, NULL, forker, (void *)(long)getpid());
		pthread_join(t, NULL);
		return 0;
	}
	if (!strcmp(m, "wake0")) {
		pthread_create(&t, NULL, waiter, NULL);
		while (!ready) usleep(100);
		usleep(1000);
		printf("wake val=0 -> %ld\n", fx(&word, FUTEX_WAKE_PRIVATE, 0, NULL, NULL, 0));
		fx(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		pthread_join(t, NULL);
		return 0;
	}
	if (!strcmp(m, "lostwake")) {
		struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = onusr1; sa.sa_flags = SA_RESTART;
		sigaction(SIGUSR1, &sa, NULL);
		pthread_create(&t, NULL, waiter, NULL);
		while (!ready) usleep(100);
		usleep(1000);
		long n = fx(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		syscall(SYS_tgkill, getpid(), wtid, SIGUSR1);
		printf("woke %ld\n", n);
		pthread_join(t, NULL);
		printf("waiter returned %ld\n", wres);
		return 0;
	}
	if (!strcmp(m, "stale")) {
		pid_t c = fork();
		if (c == 0) {
			if (argc > 2) { pthread_create(&t, NULL, sleeper, NULL); usleep(1000); }
			exit(0);
		}
		waitpid(c, NULL, 0);
		long t0 = now();
		volatile long x = 0; for (long i = 0; i < 20000000; i++) x += i;
		printf("virtual ns for a CPU loop after the child: %ld\n", now() - t0);
		return 0;
	}
	if (!strcmp(m, "zleader")) {
		pthread_create(&t, NULL, late, NULL);
		pthread_exit(NULL);
	}
	if (!strcmp(m, "pastabs")) {
		struct timespec ts = {1, 0};
		printf("abs realtime {1,0}: %ld\n", fx(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &ts, NULL, -1));
		return 0;
	}
	if (!strcmp(m, "order")) {
		printf("WAIT_BITSET bitset=0, bad timeout ptr: %ld\n", fx(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, (void *)8, NULL, 0));
		struct timespec bad = {0, -1};
		printf("WAIT bad ts, misaligned: %ld\n", fx((int *)((char *)&word + 1), FUTEX_WAIT_PRIVATE, 0, &bad, NULL, 0));
		return 0;
	}
	if (!strcmp(m, "selfkill")) {
		pthread_create(&t, NULL, killer, NULL);
		pthread_join(t, NULL);
		printf("main: not reached\n");
		return 0;
	}
	return 2;
}
