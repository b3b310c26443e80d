#include <stdio.h>
int main(void) { printf("before\n"); fflush(stdout); __asm__ volatile(".inst 0xe7f000f0"); return 0; }
