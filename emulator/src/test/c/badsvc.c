#include <stdio.h>
int main(int argc, char **argv) {
    printf("before\n"); fflush(stdout);
    if (argc > 1) { /* unaligned ldm: alignment fault on ARMv7 */
        volatile char b[16];
        register int *p __asm__("r0") = (int *)(b + 1);
        __asm__ volatile("ldm r0, {r1, r2}" : : "r"(p) : "r1", "r2", "memory");
        printf("unaligned ldm survived\n");
        return 0;
    }
    register long r7 __asm__("r7") = 0xf1000;
    register long r0 __asm__("r0") = 0;
    __asm__ volatile("svc #0" : "+r"(r0) : "r"(r7) : "memory");
    printf("after %ld\n", r0);
    return 0;
}
