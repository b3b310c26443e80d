/* posix_spawn (clone CLONE_VM|CLONE_VFORK on a separate stack): argv[1] is run; a missing file is ENOENT. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
extern char **environ;
int main(int argc, char **argv) {
    pid_t pid;
    char *av[] = {"showargs", "spawned", NULL};
    int r = posix_spawn(&pid, argv[1], NULL, NULL, av, environ);
    int st = 0;
    if (r == 0) waitpid(pid, &st, 0);
    printf("posix_spawn: %d %s status %d\n", r, strerror(r), WEXITSTATUS(st));
    r = posix_spawn(&pid, "/nonexistent", NULL, NULL, av, environ);
    st = 0;
    if (r == 0) waitpid(pid, &st, 0);
    printf("posix_spawn missing: %d %s status %d\n", r, strerror(r), WEXITSTATUS(st));
    return 0;
}
