/*
 * ion_kernel_alloc - document 000, 3.3: a driver (dmabuf-test) allocates ION
 * memory in the kernel through its own ION client.  User space inspects it:
 * DMABUF_IOC_TEST_GET_KERNEL_INFO describes the allocation,
 * GET_FD_FROM_KERNEL + mmap shows its content ("efgh") and
 * /sys/kernel/debug/ion/heaps/<heap> must list the kernel client.
 *   usage: ion_kernel_alloc [heap name]   (default: the name the driver reports)
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
#include "dmabuf_test.h"
#include "ion.h"

#define HEAPS_DIR "/sys/kernel/debug/ion/heaps"
#define CLIENTS_DIR "/sys/kernel/debug/ion/clients"

/* Finds a line whose first token is name; returns its third token (size) or -1. */
static long long client_size_in(const char *text, const char *name)
{
	const char *line = text;

	while (line && *line) {
		char tok1[64], tok2[32];
		unsigned long long size;
		const char *nl = strchr(line, '\n');

		if (sscanf(line, "%63s %31s %llu", tok1, tok2, &size) == 3 &&
		    strcmp(tok1, name) == 0)
			return (long long)size;
		line = nl ? nl + 1 : NULL;
	}
	return -1;
}

static int show_heap(const char *heap, unsigned expect_size)
{
	char path[256];
	char *text;
	long long sz;

	snprintf(path, sizeof(path), "%s/%s", HEAPS_DIR, heap);
	text = read_text_file(path, NULL);
	if (!text) {
		demo_perr(path, errno);
		return -1;
	}
	printf("---- %s ----\n%s", path, text);
	if (text[0] && text[strlen(text) - 1] != '\n')
		printf("\n");
	printf("---- end ----\n");
	sz = client_size_in(text, DMABUF_TEST_CLIENT_NAME);
	free(text);
	if (sz < 0) {
		printf("%s does not list %s\n", path, DMABUF_TEST_CLIENT_NAME);
		return 0;
	}
	printf("debugfs lists %s with %lld bytes in heap %s\n",
	       DMABUF_TEST_CLIENT_NAME, sz, heap);
	if (sz < (long long)expect_size) {
		printf("listed size %lld is smaller than the allocation (%u)\n", sz, expect_size);
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct dmabuf_test_kernel_info info;
	struct dmabuf_test_rw_data data;
	const char *heap;
	unsigned char *p;
	char shown[16], path[256];
	char *text;
	off_t end;
	int test_fd, e, found;
	size_t i, nonzero = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ion_kernel_alloc: start\n");
	test_fd = open(DMABUF_TEST_DEV, O_RDONLY | O_CLOEXEC);
	if (test_fd < 0) {
		e = errno;
		demo_perr("open " DMABUF_TEST_DEV, e);
		demo_fail("open %s: %s", DMABUF_TEST_DEV, errno_name(e));
	}

	memset(&info, 0, sizeof(info));
	if (ioctl(test_fd, DMABUF_IOC_TEST_GET_KERNEL_INFO, &info) < 0) {
		e = errno;
		demo_perr("DMABUF_IOC_TEST_GET_KERNEL_INFO", e);
		demo_fail("GET_KERNEL_INFO: %s", errno_name(e));
	}
	info.client_name[sizeof(info.client_name) - 1] = '\0';
	info.heap_name[sizeof(info.heap_name) - 1] = '\0';
	printf("kernel buffer: size=%u heap_id_mask=0x%x flags=0x%x handle=%d client=\"%s\" heap=\"%s\"\n",
	       info.size, info.heap_id_mask, info.flags, info.handle_id,
	       info.client_name, info.heap_name);
	if (info.size != 4096)
		demo_fail("kernel buffer size %u, expected 4096", info.size);
	if (strcmp(info.client_name, DMABUF_TEST_CLIENT_NAME) != 0)
		demo_fail("kernel client is \"%s\", expected \"%s\"", info.client_name,
			  DMABUF_TEST_CLIENT_NAME);
	if (info.handle_id <= 0)
		demo_fail("invalid kernel handle id %d", info.handle_id);
	if (info.heap_id_mask != ION_HEAP_SYSTEM_MASK)
		printf("note: heap_id_mask 0x%x (document uses 0x%x)\n", info.heap_id_mask,
		       ION_HEAP_SYSTEM_MASK);

	memset(&data, 0, sizeof(data));
	if (ioctl(test_fd, DMABUF_IOC_TEST_GET_FD_FROM_KERNEL, &data) < 0) {
		e = errno;
		demo_perr("DMABUF_IOC_TEST_GET_FD_FROM_KERNEL", e);
		demo_fail("GET_FD_FROM_KERNEL: %s", errno_name(e));
	}
	end = lseek(data.fd, 0, SEEK_END);
	if (end < 0)
		demo_perr("lseek(SEEK_END) on dma-buf", errno);
	else {
		printf("dma-buf fd %d size %ld\n", data.fd, (long)end);
		if ((unsigned long)end != info.size)
			demo_fail("dma-buf size %ld differs from kernel buffer size %u",
				  (long)end, info.size);
		lseek(data.fd, 0, SEEK_SET);
	}
	p = mmap(NULL, info.size, PROT_READ, MAP_SHARED, data.fd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		demo_perr("mmap", e);
		demo_fail("mmap kernel buffer: %s", errno_name(e));
	}
	for (i = 0; i + 1 < sizeof(shown) && p[i] >= 0x20 && p[i] < 0x7f; i++)
		shown[i] = (char)p[i];
	shown[i] = '\0';
	printf("kernel buffer data: %s\n", shown);
	if (memcmp(p, "efgh", 4) != 0)
		demo_fail("expected \"efgh\" in the kernel buffer, read \"%s\"", shown);
	for (i = 5; i < info.size; i++)
		if (p[i])
			nonzero++;
	printf("bytes after \"efgh\\n\" that are non-zero: %zu\n", nonzero);
	munmap(p, info.size);
	close(data.fd);

	/* debugfs: the kernel client's allocation must be listed. */
	heap = argc > 1 ? argv[1] : (info.heap_name[0] ? info.heap_name : NULL);
	found = 0;
	if (heap) {
		int r = show_heap(heap, info.size);

		if (r < 0)
			demo_fail("cannot read %s/%s", HEAPS_DIR, heap);
		found = r > 0;
	}
	if (!found) {
		DIR *d = opendir(HEAPS_DIR);
		struct dirent64 *de;

		if (!d) {
			e = errno;
			demo_perr("opendir " HEAPS_DIR, e);
			demo_fail("opendir %s: %s", HEAPS_DIR, errno_name(e));
		}
		printf("scanning %s for %s\n", HEAPS_DIR, DMABUF_TEST_CLIENT_NAME);
		while (!found && (de = readdir64(d)) != NULL) {
			if (de->d_name[0] == '.' || strstr(de->d_name, "_shrink"))
				continue;
			if (heap && strcmp(de->d_name, heap) == 0)
				continue;
			found = show_heap(de->d_name, info.size) > 0;
		}
		closedir(d);
	}
	snprintf(path, sizeof(path), "%s/%s-0", CLIENTS_DIR, DMABUF_TEST_CLIENT_NAME);
	text = read_text_file(path, NULL);
	if (text) {
		printf("---- %s ----\n%s---- end ----\n", path, text);
		free(text);
	} else {
		printf("note: %s not readable (%s)\n", path, errno_name(errno));
	}
	close(test_fd);
	if (!found)
		demo_fail("debugfs does not list the kernel client's allocation");
	demo_pass();
}
