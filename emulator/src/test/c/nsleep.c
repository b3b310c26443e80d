/* An interrupted nanosleep writes the time left to rem (kernel/time/hrtimer.c: nanosleep_copyout). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig) {
    (void) sig;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, 0);
    struct timespec req = {10, 0}, rem = {-1, -1};
    alarm(1);
    int r = nanosleep(&req, &rem);
    printf("nanosleep: %d %s, rem %ld s, nsec in range %d\n", r, r < 0 ? strerror(errno) : "", (long) rem.tv_sec,
           rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000);
    rem.tv_sec = -1;
    alarm(1);
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
    printf("clock_nanosleep: %s, rem %ld s\n", strerror(r), (long) rem.tv_sec);
    return 0;
}
