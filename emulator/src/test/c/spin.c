#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000000;
    unsigned x = 1;
    for (long i = 0; i < n; i++) x = x * 1103515245u + 12345u;
    printf("spin %ld %u\n", n, x);
    return 0;
}
