#include <stdio.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
    int id = argv[1][0] - '0';
    for (int i = 0; i < 3; i++) {
        struct timespec ts = {0, (id + 1) * 1000000L};
        nanosleep(&ts, 0);
        printf("p%d tick %d\n", id, i);
        fflush(stdout);
    }
    return 0;
}
