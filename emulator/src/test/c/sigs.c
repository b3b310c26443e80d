/* Signal delivery to handlers: alarm+pause, SA_SIGINFO, registers and VFP preserved, SIGSEGV +
 * siglongjmp, EINTR vs SA_RESTART, SIGCHLD, kill between processes, sigsuspend. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile int info_pid, info_code;
static volatile void *segv_addr;
static sigjmp_buf jb;
static int pfd[2];

static void on_alarm(int sig) { got = sig; }
static void on_info(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    got = sig;
    info_pid = si->si_pid;
    info_code = si->si_code;
    volatile double x = 3.0;
    x = x * 7.0 + 0.25; /* clobbers VFP registers */
    (void)x;
}
static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)sig;
    (void)uc;
    segv_addr = si->si_addr;
    siglongjmp(jb, 1);
}
static void on_alarm_write(int sig) {
    got = sig;
    write(pfd[1], "x", 1);
}
static volatile int chld;
static void on_chld(int sig) { (void)sig; chld++; }

static void install(int sig, void (*h)(int), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    /* 1: alarm + pause */
    install(SIGALRM, on_alarm, 0);
    alarm(1);
    int r = pause();
    printf("pause: %d %s, handler got %d\n", r, strerror(errno), got);

    /* 2: SA_SIGINFO via kill to self; registers and VFP survive */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    volatile double d = 1.5;
    got = 0;
    kill(getpid(), SIGUSR1);
    printf("SIGUSR1: got %d, si_pid is me %d, si_code %d, d %.2f\n", got, info_pid == getpid(), info_code, d * 2);

    /* 3: SIGSEGV handler + siglongjmp, twice (the mask is restored by siglongjmp) */
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 2; i++) {
        if (sigsetjmp(jb, 1) == 0) {
            *(volatile int *)0x10 = 1;
            printf("no fault?\n");
        } else {
            printf("SIGSEGV %d recovered, si_addr %p\n", i, (void *)segv_addr);
        }
    }

    /* 4: a blocking read interrupted: EINTR without SA_RESTART, restarted with it */
    pipe(pfd);
    install(SIGALRM, on_alarm_write, 0);
    char c;
    alarm(1);
    r = read(pfd[0], &c, 1);
    printf("read without SA_RESTART: %d %s\n", r, r < 0 ? strerror(errno) : "");
    if (r < 0) {
        read(pfd[0], &c, 1); /* the byte the handler wrote */
    }
    install(SIGALRM, on_alarm_write, SA_RESTART);
    alarm(1);
    r = read(pfd[0], &c, 1);
    printf("read with SA_RESTART: %d '%c'\n", r, r == 1 ? c : '?');

    /* 5: SIGCHLD handler, and a handled signal sent to a child */
    install(SIGCHLD, on_chld, SA_RESTART);
    int ready[2];
    pipe(ready);
    pid_t pid = fork();
    if (pid == 0) {
        got = 0;
        install(SIGUSR1, on_alarm, 0);
        write(ready[1], "r", 1);
        while (!got) {
            pause();
        }
        _exit(9);
    }
    read(ready[0], &c, 1); /* the child's handler is installed */
    kill(pid, SIGUSR1);
    int st;
    waitpid(pid, &st, 0);
    printf("child with handler: status %d, SIGCHLD handler ran %d\n", WEXITSTATUS(st), chld);

    /* 6: sigsuspend with a pending blocked signal */
    install(SIGUSR2, on_alarm, 0);
    sigset_t block, empty, now;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);
    got = 0;
    raise(SIGUSR2);
    printf("blocked: got %d\n", got);
    sigemptyset(&empty);
    r = sigsuspend(&empty);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("sigsuspend: %d %s, got %d, USR2 blocked again %d\n", r, strerror(errno), got, sigismember(&now, SIGUSR2));

    /* 7: a CPU-bound loop gets its SIGALRM (10 ms of virtual time: instructions count as time) */
    install(SIGALRM, on_alarm, 0);
    got = 0;
    struct itimerval it = {{0, 0}, {0, 10000}};
    setitimer(ITIMER_REAL, &it, NULL);
    unsigned long spins = 0;
    while (!got) {
        spins++;
    }
    printf("spinning loop interrupted by SIGALRM: %d\n", got);
    return 0;
}
