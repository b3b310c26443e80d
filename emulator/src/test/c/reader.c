#include <stdio.h>
#include <unistd.h>
int main(void) {
    char buf[64];
    int n = read(0, buf, sizeof buf);
    printf("got %d: %.*s\n", n, n > 0 ? n : 0, buf);
    return 0;
}
