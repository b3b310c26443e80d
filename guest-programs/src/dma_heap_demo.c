/*
 * dma_heap_demo - document 002: DMA-BUF heaps.  Lists /dev/dma_heap,
 * allocates from the "system" heap and from the default CMA area's heap with
 * libdmabufheap, mmaps, CPU-syncs, writes and verifies a pattern, then hands
 * each fd to the heap_test driver (HEAP_TEST_IOCTL_MAP), which attaches,
 * maps the attachment, vmaps and clears the buffer and reports its sg table.
 *   usage: dma_heap_demo [cma heap name]   (default: the non-"system" entry)
 */
#define _GNU_SOURCE /* readdir64: no EOVERFLOW on 64-bit d_off */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "demo_util.h"
#include "dma-heap.h"
#include "dmabufheap.h"
#include "heap_test.h"

#define ALLOC_LEN (1u << 20)
#define MAX_HEAPS 16

static char heap_names[MAX_HEAPS][64];
static int nheaps;

static void list_heaps(void)
{
	DIR *d = opendir(DMA_HEAP_DEV_DIR);
	struct dirent64 *de;
	int e;

	if (!d) {
		e = errno;
		demo_perr("opendir " DMA_HEAP_DEV_DIR, e);
		demo_fail("opendir %s: %s", DMA_HEAP_DEV_DIR, errno_name(e));
	}
	printf("heaps in %s:\n", DMA_HEAP_DEV_DIR);
	for (;;) {
		errno = 0;
		de = readdir64(d);
		if (!de) {
			if (errno) {
				e = errno;
				demo_perr("readdir " DMA_HEAP_DEV_DIR, e);
				demo_fail("readdir %s: %s", DMA_HEAP_DEV_DIR, errno_name(e));
			}
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		printf("  %s\n", de->d_name);
		if (nheaps < MAX_HEAPS && strlen(de->d_name) < sizeof(heap_names[0]))
			strcpy(heap_names[nheaps++], de->d_name);
	}
	closedir(d);
}

static const char *find_cma_heap(void)
{
	int i;

	for (i = 0; i < nheaps; i++)  /* prefer an obvious CMA name */
		if (strstr(heap_names[i], "cma") || strcmp(heap_names[i], "reserved") == 0)
			return heap_names[i];
	for (i = 0; i < nheaps; i++)
		if (strcmp(heap_names[i], "system") != 0 &&
		    strcmp(heap_names[i], "system-uncached") != 0)
			return heap_names[i];
	return NULL;
}

static void exercise(BufferAllocator *ba, const char *heap, int test_fd, unsigned seed)
{
	struct heap_test_map_data md;
	unsigned char *p;
	off_t size;
	size_t i;
	long bad;
	int fd, r, e, zero = 1;

	printf("== heap \"%s\" ==\n", heap);
	fd = DmabufHeapAlloc(ba, heap, ALLOC_LEN, 0, 0);
	if (fd < 0) {
		demo_perr("DmabufHeapAlloc", fd);
		demo_fail("DmabufHeapAlloc(%s, %u): %s", heap, ALLOC_LEN, errno_name(fd));
	}
	size = lseek(fd, 0, SEEK_END);
	if (size < 0)
		demo_perr("lseek(SEEK_END) (informative)", errno);
	else
		lseek(fd, 0, SEEK_SET);
	printf("alloc ok: fd=%d len=%u dma-buf size=%ld\n", fd, ALLOC_LEN, (long)size);

	p = mmap(NULL, ALLOC_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		demo_perr("mmap", e);
		demo_fail("mmap %s buffer: %s", heap, errno_name(e));
	}
	r = DmabufHeapCpuSyncStart(ba, (unsigned)fd, kSyncReadWrite, NULL, NULL);
	if (r < 0) {
		demo_perr("DmabufHeapCpuSyncStart", r);
		demo_fail("DMA_BUF_IOCTL_SYNC start: %s", errno_name(r));
	}
	for (i = 0; i < ALLOC_LEN; i++)
		if (p[i]) {
			zero = 0;
			break;
		}
	printf("fresh buffer is zeroed: %s\n", zero ? "yes" : "no");
	demo_fill_pattern(p, ALLOC_LEN, seed);
	r = DmabufHeapCpuSyncEnd(ba, (unsigned)fd, kSyncReadWrite, NULL, NULL);
	if (r < 0) {
		demo_perr("DmabufHeapCpuSyncEnd", r);
		demo_fail("DMA_BUF_IOCTL_SYNC end: %s", errno_name(r));
	}
	r = DmabufHeapCpuSyncStart(ba, (unsigned)fd, kSyncRead, NULL, NULL);
	if (r < 0)
		demo_fail("DMA_BUF_IOCTL_SYNC start(read): %s", errno_name(r));
	bad = demo_check_pattern(p, ALLOC_LEN, seed);
	DmabufHeapCpuSyncEnd(ba, (unsigned)fd, kSyncRead, NULL, NULL);
	if (bad >= 0)
		demo_fail("%s: pattern mismatch at offset %ld", heap, bad);
	printf("write/verify ok (%u bytes)\n", ALLOC_LEN);

	memset(&md, 0, sizeof(md));
	md.fd = fd;
	md.len = ALLOC_LEN;
	if (ioctl(test_fd, HEAP_TEST_IOCTL_MAP, &md) < 0) {
		e = errno;
		demo_perr("HEAP_TEST_IOCTL_MAP", e);
		demo_fail("HEAP_TEST_IOCTL_MAP on %s buffer: %s", heap, errno_name(e));
	}
	printf("heap_test: nents=%u len=%llu dma_addr=0x%08llx first_len=0x%x\n",
	       md.nents, (unsigned long long)md.len, (unsigned long long)md.dma_addr,
	       md.dma_len0);
	if (md.nents < 1)
		demo_fail("heap_test reported an empty sg table");
	if (md.len != ALLOC_LEN)
		demo_fail("heap_test mapped %llu bytes, expected %u",
			  (unsigned long long)md.len, ALLOC_LEN);
	if (md.dma_len0 == 0 || md.dma_len0 > ALLOC_LEN)
		demo_fail("heap_test first sg entry length 0x%x invalid", md.dma_len0);
	if (md.nents == 1)
		printf("buffer is one contiguous DMA segment\n");

	r = DmabufHeapCpuSyncStart(ba, (unsigned)fd, kSyncRead, NULL, NULL);
	if (r < 0)
		demo_fail("DMA_BUF_IOCTL_SYNC start(read): %s", errno_name(r));
	for (i = 0; i < ALLOC_LEN; i++)
		if (p[i])
			demo_fail("%s: byte %zu is 0x%02x after the driver cleared the buffer",
				  heap, i, p[i]);
	DmabufHeapCpuSyncEnd(ba, (unsigned)fd, kSyncRead, NULL, NULL);
	printf("buffer cleared by driver\n");

	if (munmap(p, ALLOC_LEN) < 0) {
		e = errno;
		demo_perr("munmap", e);
		demo_fail("munmap: %s", errno_name(e));
	}
	close(fd);
}

int main(int argc, char **argv)
{
	BufferAllocator *ba;
	const char *cma;
	int test_fd, e;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("dma_heap_demo: start\n");
	list_heaps();
	cma = argc > 1 ? argv[1] : find_cma_heap();
	if (!cma)
		demo_fail("no CMA heap in %s", DMA_HEAP_DEV_DIR);
	printf("using CMA heap \"%s\"\n", cma);

	ba = CreateDmabufHeapBufferAllocator();
	if (!ba)
		demo_fail("CreateDmabufHeapBufferAllocator: out of memory");
	test_fd = open(HEAP_TEST_DEV, O_RDWR | O_CLOEXEC);
	if (test_fd < 0) {
		e = errno;
		demo_perr("open " HEAP_TEST_DEV, e);
		demo_fail("open %s: %s", HEAP_TEST_DEV, errno_name(e));
	}
	exercise(ba, "system", test_fd, 0x51);
	exercise(ba, cma, test_fd, 0xc3);
	close(test_fd);
	FreeDmabufHeapBufferAllocator(ba);
	demo_pass();
}
