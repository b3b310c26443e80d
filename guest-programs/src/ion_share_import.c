/*
 * ion_share_import - document 003: the ION user API end to end.
 * ALLOC, SHARE, IMPORT in the same client (same handle id back), IMPORT in a
 * second client (its own handle, same memory), ION_IOC_CUSTOM (ENOTTY without
 * a platform handler), ION_IOC_HEAP_QUERY (4.9 returns EINVAL on success),
 * the debugfs views /sys/kernel/debug/ion/heaps/<heap> and
 * /sys/kernel/debug/ion/clients/<pid>-0, then frees everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "demo_util.h"
#include "libion.h"

#define BUF_LEN 16384
#define MAX_Q 32
#define DEBUG_ION "/sys/kernel/debug/ion"

/* Finds a line whose tokens tok[col_key] == key; returns the number in column
 * col_val, or -1.  Columns are whitespace separated, ':' stripped. */
static long long find_row(const char *text, int col_key, const char *key, int col_val)
{
	const char *line = text;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[256], *tok[8], *save = NULL, *t;
		int n = 0;

		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		for (t = strtok_r(buf, " \t:", &save); t && n < 8; t = strtok_r(NULL, " \t:", &save))
			tok[n++] = t;
		if (n > col_key && n > col_val && strcmp(tok[col_key], key) == 0)
			return strtoll(tok[col_val], NULL, 10);
		line = nl ? nl + 1 : NULL;
	}
	return -1;
}

/* clients/<pid>-<n> lines are "%16.16s: %16zu": the heap name (cut to 16
 * characters, may contain spaces), a colon, the size. */
static long long client_heap_size(const char *text, const char *heap)
{
	char cut[17];
	const char *line = text;

	snprintf(cut, sizeof(cut), "%s", heap);
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		const char *s = line;
		size_t n = strlen(cut);

		while (*s == ' ')
			s++;
		if (strncmp(s, cut, n) == 0 && s[n] == ':')
			return strtoll(s + n + 1, NULL, 10);
		line = nl ? nl + 1 : NULL;
	}
	return -1;
}

static char *show_file(const char *path)
{
	char *text = read_text_file(path, NULL);

	if (!text) {
		demo_perr(path, errno);
		return NULL;
	}
	printf("---- %s ----\n%s", path, text);
	if (text[0] && text[strlen(text) - 1] != '\n')
		printf("\n");
	printf("---- end ----\n");
	return text;
}

int main(void)
{
	struct ion_heap_data heaps[MAX_Q];
	char heap_name[MAX_HEAP_NAME + 1] = "";
	char path[256], pidstr[16];
	unsigned int mask = ION_HEAP_SYSTEM_MASK;
	ion_user_handle_t h, h_same, h2;
	unsigned char *p1, *p2;
	int c1, c2, share_fd, map_fd2, cnt = 0, written = 0, quirk = 0, r, i;
	long bad;
	long long sz;
	char *text;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ion_share_import: start (pid %d)\n", (int)getpid());
	c1 = ion_open();
	if (c1 < 0) {
		demo_perr("ion_open", c1);
		demo_fail("open /dev/ion: %s", errno_name(c1));
	}

	/* ---- heap query ---- */
	r = ion_query_heap_cnt(c1, &cnt);
	if (r < 0) {
		demo_perr("ION_IOC_HEAP_QUERY (count)", r);
		demo_fail("ION_IOC_HEAP_QUERY count: %s", errno_name(r));
	}
	printf("ION_IOC_HEAP_QUERY: %d heaps\n", cnt);
	if (cnt <= 0)
		demo_fail("no ION heaps");
	if (cnt > MAX_Q)
		cnt = MAX_Q;
	r = ion_query_get_heaps_ex(c1, cnt, heaps, &written, &quirk);
	if (r < 0) {
		demo_perr("ION_IOC_HEAP_QUERY (records)", r);
		demo_fail("ION_IOC_HEAP_QUERY records: %s", errno_name(r));
	}
	printf("ION_IOC_HEAP_QUERY records: %d%s\n", written,
	       quirk ? " (returned EINVAL with records filled: mainline 4.9 quirk)" : " (returned 0)");
	for (i = 0; i < written; i++) {
		heaps[i].name[MAX_HEAP_NAME - 1] = '\0';
		printf("  heap id=%u type=%u name=\"%s\"\n", heaps[i].heap_id, heaps[i].type,
		       heaps[i].name);
		if (heaps[i].type == ION_HEAP_TYPE_SYSTEM && !heap_name[0]) {
			strcpy(heap_name, heaps[i].name);
			mask = 1u << heaps[i].heap_id;
		}
	}
	if (!heap_name[0])
		demo_fail("HEAP_QUERY lists no system heap");
	printf("using heap \"%s\" (mask 0x%x)\n", heap_name, mask);

	/* ---- alloc / share / import ---- */
	r = ion_alloc(c1, BUF_LEN, 0, mask, 0, &h);
	if (r < 0) {
		demo_perr("ION_IOC_ALLOC", r);
		demo_fail("ION_IOC_ALLOC: %s", errno_name(r));
	}
	printf("ION_IOC_ALLOC ok: handle=%d len=%d\n", h, BUF_LEN);
	r = ion_share(c1, h, &share_fd);
	if (r < 0) {
		demo_perr("ION_IOC_SHARE", r);
		demo_fail("ION_IOC_SHARE: %s", errno_name(r));
	}
	printf("ION_IOC_SHARE ok: fd=%d\n", share_fd);
	p1 = mmap(NULL, BUF_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, share_fd, 0);
	if (p1 == MAP_FAILED) {
		r = -errno;
		demo_perr("mmap shared fd", r);
		demo_fail("mmap: %s", errno_name(r));
	}
	demo_fill_pattern(p1, BUF_LEN, 0x77);

	r = ion_import(c1, share_fd, &h_same);
	if (r < 0) {
		demo_perr("ION_IOC_IMPORT (same client)", r);
		demo_fail("ION_IOC_IMPORT same client: %s", errno_name(r));
	}
	if (h_same != h)
		demo_fail("IMPORT in the same client returned handle %d, expected %d", h_same, h);
	printf("IMPORT in same client returned same handle %d\n", h_same);

	c2 = ion_open();
	if (c2 < 0) {
		demo_perr("ion_open (second client)", c2);
		demo_fail("second open /dev/ion: %s", errno_name(c2));
	}
	r = ion_import(c2, share_fd, &h2);
	if (r < 0) {
		demo_perr("ION_IOC_IMPORT (second client)", r);
		demo_fail("ION_IOC_IMPORT second client: %s", errno_name(r));
	}
	if (h2 <= 0)
		demo_fail("second client got invalid handle %d", h2);
	printf("second client handle %d\n", h2);
	r = ion_map(c2, h2, BUF_LEN, PROT_READ, MAP_SHARED, 0, &p2, &map_fd2);
	if (r < 0) {
		demo_perr("ion_map (second client)", r);
		demo_fail("ION_IOC_MAP + mmap in second client: %s", errno_name(r));
	}
	bad = demo_check_pattern(p2, BUF_LEN, 0x77);
	if (bad >= 0)
		demo_fail("second client sees different data at offset %ld", bad);
	printf("second client sees the first client's data (%d bytes)\n", BUF_LEN);

	r = ion_sync_fd(c1, share_fd);
	if (r < 0)
		demo_perr("ION_IOC_SYNC (informative)", r);
	else
		printf("ION_IOC_SYNC ok\n");

	/* ---- custom ---- */
	r = ion_custom(c1, 0, 0);
	if (r == -ENOTTY)
		printf("ION_IOC_CUSTOM: ENOTTY (expected: no platform handler)\n");
	else if (r == 0)
		demo_fail("ION_IOC_CUSTOM succeeded, expected ENOTTY");
	else {
		demo_perr("ION_IOC_CUSTOM", r);
		demo_fail("ION_IOC_CUSTOM: %s, expected ENOTTY", errno_name(r));
	}

	/* ---- debugfs ---- */
	snprintf(pidstr, sizeof(pidstr), "%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/heaps/%s", DEBUG_ION, heap_name);
	text = show_file(path);
	if (!text)
		demo_fail("cannot read %s", path);
	sz = find_row(text, 1, pidstr, 2);
	free(text);
	if (sz < BUF_LEN)
		demo_fail("%s does not list pid %s with >= %d bytes", path, pidstr, BUF_LEN);
	printf("debugfs heap lists pid %s with %lld bytes\n", pidstr, sz);

	snprintf(path, sizeof(path), "%s/clients/%s-0", DEBUG_ION, pidstr);
	text = show_file(path);
	if (!text)
		demo_fail("cannot read %s", path);
	sz = client_heap_size(text, heap_name);
	free(text);
	if (sz < BUF_LEN)
		demo_fail("%s does not list heap %s with >= %d bytes", path, heap_name, BUF_LEN);
	printf("debugfs client lists heap %s with %lld bytes\n", heap_name, sz);
	snprintf(path, sizeof(path), "%s/clients/%s-1", DEBUG_ION, pidstr);
	text = show_file(path);
	free(text);

	/* ---- free everything ---- */
	munmap(p2, BUF_LEN);
	close(map_fd2);
	r = ion_free(c2, h2);
	if (r < 0) {
		demo_perr("ION_IOC_FREE (second client)", r);
		demo_fail("ION_IOC_FREE second client: %s", errno_name(r));
	}
	/* ALLOC and the same-client IMPORT each hold a reference on h. */
	r = ion_free(c1, h);
	if (r < 0) {
		demo_perr("ION_IOC_FREE #1", r);
		demo_fail("ION_IOC_FREE #1: %s", errno_name(r));
	}
	r = ion_free(c1, h);
	if (r < 0) {
		demo_perr("ION_IOC_FREE #2", r);
		demo_fail("ION_IOC_FREE #2 (import reference): %s", errno_name(r));
	}
	r = ion_free(c1, h);
	if (r != -EINVAL)
		demo_fail("ION_IOC_FREE #3 returned %s, expected EINVAL (handle gone)",
			  errno_name(r));
	printf("handle %d freed twice (alloc + import), third FREE: EINVAL (expected)\n", h);
	bad = demo_check_pattern(p1, BUF_LEN, 0x77);
	if (bad >= 0)
		demo_fail("mapping lost data after handles were freed (offset %ld)", bad);
	printf("mapping still valid while the dma-buf fd is open\n");
	munmap(p1, BUF_LEN);
	close(share_fd);
	ion_close(c2);
	ion_close(c1);
	printf("all freed\n");
	demo_pass();
}
