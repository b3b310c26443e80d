#include <stdio.h>
#include <sys/mman.h>
typedef int (*fn)(void);
/* Code mapped, run, unmapped; new code mapped at the same address without a cacheflush (as the
 * kernel does for a fresh file mapping): the old translation must not run. */
int main(void) {
    void *at = (void *)0x30000000;
    int r[3];
    for (int i = 0; i < 3; i++) {
        unsigned *code = mmap(at, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        code[0] = 0xe3a00000 | (i + 1); /* mov r0, #i+1 */
        code[1] = 0xe12fff1e;           /* bx lr */
        mprotect(code, 4096, PROT_READ | PROT_EXEC);
        if (i == 0) __builtin___clear_cache((char *)code, (char *)(code + 2));
        r[i] = ((fn)code)();
        munmap(code, 4096);
    }
    printf("remap %d %d %d\n", r[0], r[1], r[2]);
    return 0;
}
