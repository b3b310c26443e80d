/*
 * threads - POSIX threads on the emulator: clone(CLONE_THREAD), futexes, TLS, thread exit and
 * group exit, signals to a process with several threads.
 *   usage: threads MODE [args]
 *   counter N M   N threads add 1 to a mutex-protected counter M times each
 *   condvar N     a producer hands N numbers to a consumer through a one-slot queue
 *   timedwait     pthread_cond_timedwait with nobody signalling: ETIMEDOUT after 50 ms
 *   exitgroup     a worker calls exit(3) while main waits in pthread_join
 *   segv          a worker dereferences NULL while main waits in pthread_join
 *   signal        SIGUSR1 sent to the process lands on the one thread that does not block it
 *   mainexit      main calls pthread_exit; the worker finishes the process
 *   fork          a worker forks; main (another thread) reaps the child
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---- counter */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long iterations;
static __thread long mine;

static void *count_worker(void *arg)
{
	long i;

	(void)arg;
	for (i = 0; i < iterations; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		mine++;
	}
	return (void *)(mine == iterations && gettid_() != getpid() ? 1L : 0L);
}

static int counter_mode(int n, long m)
{
	pthread_t th[64];
	long ok = 0;
	int i;

	if (n < 1 || n > 64)
		return 2;
	iterations = m;
	for (i = 0; i < n; i++) {
		int e = pthread_create(&th[i], NULL, count_worker, NULL);
		if (e) {
			printf("pthread_create: %s\n", strerror(e));
			return 1;
		}
	}
	for (i = 0; i < n; i++) {
		void *r;
		pthread_join(th[i], &r);
		ok += (long)r;
	}
	printf("counter=%ld expected=%ld threads_ok=%ld main_tls=%ld\n", counter, (long)n * m, ok, mine);
	return counter == (long)n * m && ok == n && mine == 0 ? 0 : 1;
}

/* ---- condvar */
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int slot_full, slot_value, items;

static void *producer(void *arg)
{
	int i;

	(void)arg;
	for (i = 1; i <= items; i++) {
		pthread_mutex_lock(&lock);
		while (slot_full)
			pthread_cond_wait(&cv, &lock);
		slot_value = i;
		slot_full = 1;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static int condvar_mode(int n)
{
	pthread_t p;
	long sum = 0;
	int i;

	items = n;
	pthread_create(&p, NULL, producer, NULL);
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&lock);
		while (!slot_full)
			pthread_cond_wait(&cv, &lock);
		sum += slot_value;
		slot_full = 0;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&lock);
	}
	pthread_join(p, NULL);
	printf("sum=%ld expected=%ld\n", sum, (long)n * (n + 1) / 2);
	return sum == (long)n * (n + 1) / 2 ? 0 : 1;
}

/* ---- timedwait */
static int timedwait_mode(void)
{
	struct timespec t0, t1, dl;
	int e;

	clock_gettime(CLOCK_REALTIME, &t0);
	dl = t0;
	dl.tv_nsec += 50 * 1000 * 1000;
	if (dl.tv_nsec >= 1000000000) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&lock);
	e = pthread_cond_timedwait(&cv, &lock, &dl);
	pthread_mutex_unlock(&lock);
	clock_gettime(CLOCK_REALTIME, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("timedwait: %s after %ld ms\n", e == ETIMEDOUT ? "ETIMEDOUT" : strerror(e), ms);
	return e == ETIMEDOUT && ms >= 50 ? 0 : 1;
}

/* ---- exitgroup, segv */
static void *exiter(void *arg)
{
	usleep(1000);
	if (arg) {
		volatile int *p = NULL;
		*p = 1;
	}
	exit(3);
}

static int exit_mode(int segv)
{
	pthread_t t;

	pthread_create(&t, NULL, exiter, segv ? (void *)1 : NULL);
	printf("main waiting\n");
	fflush(stdout);
	pthread_join(t, NULL);
	printf("not reached\n");
	return 1;
}

/* ---- signal */
static volatile pid_t handled_by;
static volatile pid_t worker_tid;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = gettid_();
}

static void *sig_worker(void *arg)
{
	(void)arg;
	worker_tid = gettid_();
	while (!handled_by)
		usleep(100);
	return NULL;
}

static int signal_mode(void)
{
	struct sigaction sa;
	sigset_t set;
	pthread_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pthread_create(&t, NULL, sig_worker, NULL); /* the worker keeps SIGUSR1 unblocked */
	while (!worker_tid)
		usleep(100);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* main blocks it */
	kill(getpid(), SIGUSR1);                /* process-directed */
	pthread_join(t, NULL);
	printf("handled_by_worker=%d handled_by_main=%d\n", handled_by == worker_tid, handled_by == getpid());
	return handled_by == worker_tid ? 0 : 1;
}

/* ---- mainexit */
static void *late_worker(void *arg)
{
	(void)arg;
	usleep(2000);
	printf("worker finishing the process\n");
	fflush(stdout);
	return NULL;
}

static int mainexit_mode(void)
{
	pthread_t t;

	pthread_create(&t, NULL, late_worker, NULL);
	pthread_exit(NULL);
}

/* ---- fork */
static volatile pid_t forked_child;

static void *forker(void *arg)
{
	pid_t c;

	(void)arg;
	c = fork();
	if (c == 0)
		_exit(7);
	forked_child = c;
	return NULL;
}

static int fork_mode(void)
{
	pthread_t t;
	int st = 0;
	pid_t w;

	pthread_create(&t, NULL, forker, NULL);
	pthread_join(t, NULL);
	w = waitpid(forked_child, &st, 0);
	printf("reaped=%d status=%d\n", w == forked_child, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return w == forked_child && WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "counter";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(m, "counter"))
		return counter_mode(argc > 2 ? atoi(argv[2]) : 4, argc > 3 ? atol(argv[3]) : 100000);
	if (!strcmp(m, "condvar"))
		return condvar_mode(argc > 2 ? atoi(argv[2]) : 1000);
	if (!strcmp(m, "timedwait"))
		return timedwait_mode();
	if (!strcmp(m, "exitgroup"))
		return exit_mode(0);
	if (!strcmp(m, "segv"))
		return exit_mode(1);
	if (!strcmp(m, "signal"))
		return signal_mode();
	if (!strcmp(m, "mainexit"))
		return mainexit_mode();
	if (!strcmp(m, "fork"))
		return fork_mode();
	printf("unknown mode %s\n", m);
	return 2;
}
