#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    char *p = malloc(100000);
    strcpy(p, "heap ok");
    printf("hello from %s, argc=%d, %s\n", argv[0], argc, p);
    for (int i = 1; i < argc; i++) printf("arg%d=%s\n", i, argv[i]);
    double d = 1.5; for (int i = 0; i < 10; i++) d *= 1.25;
    printf("vfp %.4f\n", d);
    printf("HOME=%s\n", getenv("HOME"));
    fprintf(stderr, "to stderr\n");
    free(p);
    return argc > 2 ? atoi(argv[2]) : 0;
}
