/* execve test guest: argv[1] is a guest directory holding showargs, garbage.bin (+x, not ELF),
 * nointerp.sh (+x, "#!" naming a missing interpreter), script.sh (+x, "#!DIR/showargs -x"),
 * noexec.txt (not executable). Prints each errno, then runs showargs via fork+execve, vfork+execve
 * and through the script. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[256];
static char *const envp[] = {"FOO=bar", NULL};

static const char *in(const char *dir, const char *name) {
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void fails(const char *what, const char *p, char *const argv[]) {
    errno = 0;
    int r = execve(p, argv, envp);
    printf("%s: %d %s\n", what, r, strerror(errno));
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *dir = argc > 1 ? argv[1] : "/mnt";
    char *const av[] = {"showargs", "one", "two words", NULL};
    fails("missing", in(dir, "nope"), av);
    fails("directory", dir, av);
    fails("not executable", in(dir, "noexec.txt"), av);
    fails("not ELF", in(dir, "garbage.bin"), av);
    fails("missing interpreter", in(dir, "nointerp.sh"), av);
    static char big[200000];
    memset(big, 'x', sizeof big - 1);
    char *const bigv[] = {"showargs", big, NULL};
    fails("huge argument", in(dir, "showargs"), bigv);
    fails("bad path pointer", (const char *)1, av);
    int a = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int b = open("/dev/null", O_RDONLY);
    printf("fds %d %d\n", a, b);
    pid_t pid = fork();
    if (pid == 0) {
        execve(in(dir, "showargs"), av, envp);
        printf("child: execve failed: %s\n", strerror(errno));
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("fork+execve: status %d\n", WEXITSTATUS(st));
    const char *p = in(dir, "showargs");
    pid = vfork();
    if (pid == 0) {
        char *const v2[] = {"vforked", NULL};
        execve(p, v2, envp);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("vfork+execve: status %d\n", WEXITSTATUS(st));
    pid = fork();
    if (pid == 0) {
        execve(in(dir, "script.sh"), av, envp);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("script: status %d\n", WEXITSTATUS(st));
    return 0;
}
