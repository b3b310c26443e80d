/* ill - an undefined instruction (UDF) in the middle of a translation block; prints its address first. */
#include <stdio.h>

extern char ill_udf[];

int main(void)
{
	printf("before, udf at %p\n", (void *)ill_udf);
	fflush(stdout);
	__asm__ volatile("add r0, r0, #1\n\t"
			 "add r1, r1, #2\n\t"
			 ".globl ill_udf\n"
			 "ill_udf:\n\t"
			 ".inst 0xe7f000f0" ::: "r0", "r1");
	return 0;
}
