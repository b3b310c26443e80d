#include <stdio.h>
typedef int (kuser_cmpxchg_t)(int oldval, int newval, volatile int *ptr);
typedef void *(kuser_get_tls_t)(void);
typedef void (kuser_mb_t)(void);
int main(void) {
    int version = *(int *)0xffff0ffc;
    volatile int v = 5;
    int r1 = ((kuser_cmpxchg_t *)0xffff0fc0)(5, 7, &v);
    int r2 = ((kuser_cmpxchg_t *)0xffff0fc0)(5, 9, &v);
    ((kuser_mb_t *)0xffff0fa0)();
    void *tls = ((kuser_get_tls_t *)0xffff0fe0)();
    void *tp; __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
    printf("version=%d cmpxchg=%d,%d v=%d tls_ok=%d\n", version, r1 == 0, r2 != 0, v, tls == tp && tls != 0);
    return 0;
}
