/* fork/vfork/wait4 test guest: prints one line per check. */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int private_var = 1;
static volatile int shared_by_vfork;

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    /* 1: fork, private memory, exit status */
    pid_t pid = fork();
    if (pid < 0) {
        printf("fork failed: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        private_var = 42;
        printf("child: pid %s, ppid ok %d, var %d\n", getpid() > 0 ? "ok" : "bad", getppid() > 0, private_var);
        _exit(7);
    }
    int st = 0;
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    pid_t w = wait4(pid, &st, 0, &ru);
    printf("parent: wait4 %s, exited %d, status %d, var %d, rusage %ld\n", w == pid ? "ok" : "bad",
           WIFEXITED(st), WEXITSTATUS(st), private_var, ru.ru_utime.tv_sec);

    /* 2: dma-buf mapped before fork is shared */
    int heap = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
    struct dma_heap_allocation_data d = {.len = 8192, .fd_flags = O_RDWR | O_CLOEXEC};
    if (heap < 0 || ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d) < 0) {
        printf("dma heap: %s\n", strerror(errno));
        return 1;
    }
    char *buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, d.fd, 0);
    char *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    strcpy(buf, "before");
    strcpy(anon, "before");
    pid = fork();
    if (pid == 0) {
        strcpy(buf + 4096, "written by the child");
        strcpy(anon, "anon by the child");
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("dma-buf after child: \"%s\" \"%s\" anon \"%s\"\n", buf, buf + 4096, anon);
    munmap(buf, 8192);
    munmap(anon, 4096);
    close(d.fd);
    close(heap);

    /* 3: killed child */
    pid = fork();
    if (pid == 0) {
        for (;;) {
            pause();
        }
    }
    int nohang = waitpid(pid, &st, WNOHANG);
    kill(pid, SIGTERM);
    w = waitpid(pid, &st, 0);
    printf("killed: nohang %d, signaled %d, termsig %d\n", nohang, WIFSIGNALED(st), WTERMSIG(st));

    /* 4: vfork */
    pid = vfork();
    if (pid == 0) {
        shared_by_vfork = 5; /* the vfork child runs in the parent's memory */
        _exit(3);
    }
    waitpid(pid, &st, 0);
    printf("vfork: status %d, memory shared %d\n", WEXITSTATUS(st), shared_by_vfork);

    /* 5: no children left */
    w = wait(&st);
    printf("wait without children: %d %s\n", w, errno == ECHILD ? "ECHILD" : strerror(errno));
    return 0;
}
