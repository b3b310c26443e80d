/*
 * cma_mem_test - document 004: the cma_mem driver allocates CMA memory and
 * maps it into the caller inside CMEM_ALLOCATE.  Allocates three named
 * 800x480x4 blocks, prints id / physical / kernel / user addresses, writes
 * and verifies a pattern through each user mapping, then CMEM_UNMAPs them by
 * name and closes the device.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cma_mem.h"
#include "demo_util.h"

#define NBLOCKS 3
#define BLOCK_LEN (800 * 480 * 4)
#define PAGE_SZ 4096UL

int main(void)
{
	struct mem_block blk[NBLOCKS];
	int fd, j, k, e;
	long bad;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("cma_mem_test: start (sizeof(struct mem_block)=%u)\n",
	       (unsigned)sizeof(struct mem_block));
	fd = open(CMA_MEM_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		demo_perr("open " CMA_MEM_DEV, e);
		demo_fail("open %s: %s", CMA_MEM_DEV, errno_name(e));
	}
	printf("cmem_fd:%d\n", fd);

	for (j = 0; j < NBLOCKS; j++) {
		struct mem_block *b = &blk[j];
		unsigned long want = (BLOCK_LEN + PAGE_SZ - 1) & ~(PAGE_SZ - 1);
		int i;

		memset(b, 0, sizeof(*b));
		snprintf(b->name, sizeof(b->name), "mem%d", j + 1);
		b->len = BLOCK_LEN;
		b->is_use_buffer = 1;
		if (ioctl(fd, CMEM_ALLOCATE, b) < 0) {
			e = errno;
			demo_perr("CMEM_ALLOCATE", e);
			demo_fail("CMEM_ALLOCATE %s: %s", b->name, errno_name(e));
		}
		printf("%s: id=%d phys=0x%08lx kernel=0x%08lx user=0x%08lx len=0x%08lx offset=0x%08lx\n",
		       b->name, b->id, b->phy_base, (unsigned long)b->kernel_base,
		       b->mem_base, b->len, b->offset);
		if (b->id <= 0)
			demo_fail("%s: invalid id %d", b->name, b->id);
		if (b->mem_base == 0 || (b->mem_base & (PAGE_SZ - 1)))
			demo_fail("%s: invalid user address 0x%08lx", b->name, b->mem_base);
		if (b->phy_base == 0 || (b->phy_base & (PAGE_SZ - 1)))
			demo_fail("%s: invalid physical address 0x%08lx", b->name, b->phy_base);
		if (b->len != want)
			demo_fail("%s: len 0x%lx, expected 0x%lx", b->name, b->len, want);
		for (k = 0; k < j; k++)
			if (blk[k].id == b->id)
				demo_fail("%s and %s have the same id %d", blk[k].name, b->name, b->id);
		for (k = 0; k < j; k++)
			if (b->phy_base < blk[k].phy_base + blk[k].len &&
			    blk[k].phy_base < b->phy_base + b->len)
				demo_fail("%s overlaps %s physically", b->name, blk[k].name);
		printf("%s first bytes:", b->name);
		for (i = 0; i < 10; i++)
			printf(" %d", ((unsigned char *)b->mem_base)[i]);
		printf("\n");
		demo_fill_pattern((unsigned char *)b->mem_base, b->len, 0x100u + (unsigned)j);
	}
	for (j = 0; j < NBLOCKS; j++) {
		bad = demo_check_pattern((unsigned char *)blk[j].mem_base, blk[j].len,
					 0x100u + (unsigned)j);
		if (bad >= 0)
			demo_fail("%s: pattern mismatch at offset %ld", blk[j].name, bad);
		printf("%s: pattern verified over %lu bytes\n", blk[j].name, blk[j].len);
	}
	for (j = 0; j < NBLOCKS; j++) {
		struct mem_block req;

		memset(&req, 0, sizeof(req));
		memcpy(req.name, blk[j].name, sizeof(req.name));
		req.id = blk[j].id;
		req.is_use_buffer = 1;
		if (ioctl(fd, CMEM_UNMAP, &req) < 0) {
			e = errno;
			demo_perr("CMEM_UNMAP", e);
			demo_fail("CMEM_UNMAP %s: %s", blk[j].name, errno_name(e));
		}
		printf("CMEM_UNMAP %s ok\n", blk[j].name);
	}
	if (close(fd) < 0) {
		e = errno;
		demo_perr("close", e);
		demo_fail("close %s: %s", CMA_MEM_DEV, errno_name(e));
	}
	printf("closed %s\n", CMA_MEM_DEV);
	demo_pass();
}
