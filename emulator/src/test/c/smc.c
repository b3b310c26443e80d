#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <sys/syscall.h>
typedef int (*fn)(void);
int main(void) {
    unsigned *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code[0] = 0xe3a00001; /* mov r0, #1 */
    code[1] = 0xe12fff1e; /* bx lr */
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    int a = ((fn)code)();
    code[0] = 0xe3a00002; /* mov r0, #2 */
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    int b = ((fn)code)();
    /* ask the host to rewrite it behind the CPU's back (test hook: getpid with r0 = address) */
    syscall(20, code);
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    int c = ((fn)code)();
    printf("smc %d %d %d\n", a, b, c);
    return 0;
}
