/* hello - smallest guest smoke test: printf, malloc, argv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	size_t n = 1 << 20;
	char *p = malloc(n);
	int i;

	printf("hello from vexmem guest (argc=%d)\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	if (!p) {
		printf("malloc(%zu) failed\n", n);
		return 1;
	}
	memset(p, 0x5a, n);
	printf("malloc(%zu) ok, p[0]=0x%02x p[n-1]=0x%02x\n", n,
	       (unsigned char)p[0], (unsigned char)p[n - 1]);
	free(p);
	printf("bye\n");
	return 0;
}
