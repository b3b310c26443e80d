/* execve target: prints its argv, an env var, which of fds 3/4 are open, /proc/self/exe; exits 5. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    printf("showargs: argc %d", argc);
    for (int i = 0; i < argc; i++) {
        printf(" [%s]", argv[i]);
    }
    char exe[256] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
    }
    printf("\nshowargs: FOO=%s fd3 %s fd4 %s exe %s\n", getenv("FOO") ? getenv("FOO") : "(unset)",
           fcntl(3, F_GETFD) < 0 ? "closed" : "open", fcntl(4, F_GETFD) < 0 ? "closed" : "open", exe);
    return 5;
}
