/*
 * mockdev.c - a tiny user-space stand-in for vexmem's device models, linked
 * into the demos with -Wl,--wrap=... so their flow can be exercised under
 * qemu-arm without the emulator.  It follows docs/guest-abi.md (and mainline
 * 4.9 ION behaviour where the guests depend on it).  Test-only: never part
 * of bin/.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ion.h"
#include "dma-heap.h"
#include "dma-buf.h"
#include "dmabuf_test.h"
#include "ion_test_module.h"
#include "cma_mem.h"
#include "heap_test.h"

int __real_open(const char *path, int flags, ...);
int __real_close(int fd);
int __real_ioctl(int fd, unsigned long req, ...);
ssize_t __real_read(int fd, void *b, size_t n);
ssize_t __real_write(int fd, const void *b, size_t n);
DIR *__real_opendir(const char *path);

#define PG 4096UL
#define PALIGN(x) (((x) + PG - 1) & ~(PG - 1))
#define MAXFD 1024

enum kind { K_NONE, K_ION, K_DMABUF, K_DMABUF_TEST, K_VION, K_HEAP_TEST, K_DMA_HEAP, K_CMA };

struct buf { int memfd; size_t size; int heap; unsigned long phys; int live; };
struct handle { struct buf *b; int refs; };
struct client { struct handle h[64]; int serial; int pid; const char *name; int live; };

static struct { enum kind k; void *p; } fdt[MAXFD];
static struct client clients[16];
static int nclients;
static struct buf bufs[256];
static unsigned long next_phys = 0x68000000;
static const struct { const char *name; int type; } heaps[] = {
	{ "system", 0 }, { "system_contig", 1 }, { NULL, 0 }, { NULL, 0 }, { "linux,cma", 4 },
};
static struct client *kclient;
static int khandle;
static struct buf *vion_buf;
static int vion_open_count;

static int fail(int e) { errno = e; return -1; }

static struct buf *new_buf(size_t size, int heap)
{
	int i;

	for (i = 0; i < 256; i++)
		if (!bufs[i].live) {
			struct buf *b = &bufs[i];

			b->memfd = memfd_create("mockbuf", MFD_CLOEXEC);
			if (b->memfd < 0 || ftruncate(b->memfd, (off_t)size) < 0)
				return NULL;
			b->size = size;
			b->heap = heap;
			b->phys = next_phys;
			next_phys += PALIGN(size);
			b->live = 1;
			return b;
		}
	return NULL;
}

static int export_fd(struct buf *b)
{
	int fd = fcntl(b->memfd, F_DUPFD_CLOEXEC, 3);

	if (fd >= 0 && fd < MAXFD) {
		fdt[fd].k = K_DMABUF;
		fdt[fd].p = b;
	}
	return fd;
}

static struct buf *dmabuf_of(int fd)
{
	if (fd < 0 || fd >= MAXFD || fcntl(fd, F_GETFD) < 0)
		return NULL;
	return fdt[fd].k == K_DMABUF ? fdt[fd].p : NULL;
}

static struct client *new_client(const char *name)
{
	struct client *c = &clients[nclients++];
	int i, serial = 0;

	for (i = 0; i < nclients - 1; i++)
		if (clients[i].live && ((name && clients[i].name && !strcmp(name, clients[i].name)) ||
					(!name && !clients[i].name)))
			serial = clients[i].serial + 1;
	memset(c, 0, sizeof(*c));
	c->live = 1;
	c->serial = serial;
	c->name = name;
	c->pid = name ? 0 : getpid();
	return c;
}

static int c_alloc(struct client *c, size_t len, unsigned mask, unsigned flags)
{
	int id, i;
	struct buf *b = NULL;

	len = PALIGN(len);
	if (!len)
		return -EINVAL;
	for (id = 4; id >= 0; id--) {
		if (!heaps[id].name || !(mask & (1u << id)))
			continue;
		if (heaps[id].type == 4 && (flags & ION_FLAG_CACHED))
			return -EINVAL;
		b = new_buf(len, id);
		break;
	}
	if (id < 0)
		return -ENODEV;
	if (!b)
		return -ENOMEM;
	for (i = 1; i < 64; i++)
		if (!c->h[i].b) {
			c->h[i].b = b;
			c->h[i].refs = 1;
			return i;
		}
	return -ENOMEM;
}

static int ion_ioctl_mock(struct client *c, unsigned long req, void *arg)
{
	switch (req) {
	case ION_IOC_ALLOC: {
		struct ion_allocation_data *d = arg;
		int h = c_alloc(c, d->len, d->heap_id_mask, d->flags);

		if (h < 0)
			return fail(-h);
		d->handle = h;
		return 0;
	}
	case ION_IOC_FREE: {
		struct ion_handle_data *d = arg;

		if (d->handle <= 0 || d->handle >= 64 || !c->h[d->handle].b)
			return fail(EINVAL);
		if (--c->h[d->handle].refs == 0)
			c->h[d->handle].b = NULL;
		return 0;
	}
	case ION_IOC_MAP:
	case ION_IOC_SHARE: {
		struct ion_fd_data *d = arg;

		if (d->handle <= 0 || d->handle >= 64 || !c->h[d->handle].b)
			return fail(EINVAL);
		d->fd = export_fd(c->h[d->handle].b);
		return 0;
	}
	case ION_IOC_IMPORT: {
		struct ion_fd_data *d = arg;
		struct buf *b;
		int i;

		if (fcntl(d->fd, F_GETFD) < 0)
			return fail(EBADF);
		b = dmabuf_of(d->fd);
		if (!b)
			return fail(EINVAL);
		for (i = 1; i < 64; i++)
			if (c->h[i].b == b) {
				c->h[i].refs++;
				d->handle = i;
				return 0;
			}
		for (i = 1; i < 64; i++)
			if (!c->h[i].b) {
				c->h[i].b = b;
				c->h[i].refs = 1;
				d->handle = i;
				return 0;
			}
		return fail(ENOMEM);
	}
	case ION_IOC_SYNC:
		return dmabuf_of(((struct ion_fd_data *)arg)->fd) ? 0 : fail(EINVAL);
	case ION_IOC_CUSTOM:
		return fail(ENOTTY);
	case ION_IOC_HEAP_QUERY: {
		struct ion_heap_query *q = arg;
		struct ion_heap_data *hd = (void *)(uintptr_t)q->heaps;
		unsigned n = 0;
		int id;

		if (q->reserved0 || q->reserved1 || q->reserved2)
			return fail(EINVAL);
		if (!q->heaps) {
			q->cnt = 3;
			return 0;
		}
		if (!q->cnt)
			return fail(EINVAL);
		for (id = 4; id >= 0 && n < q->cnt; id--) {
			if (!heaps[id].name)
				continue;
			memset(&hd[n], 0, sizeof(hd[n]));
			strcpy(hd[n].name, heaps[id].name);
			hd[n].type = heaps[id].type;
			hd[n].heap_id = id;
			n++;
		}
		q->cnt = n;
		return fail(EINVAL); /* mainline 4.9 quirk */
	}
	}
	return fail(ENOTTY);
}

static size_t client_heap_total(struct client *c, int heap)
{
	size_t t = 0;
	int i;

	for (i = 1; i < 64; i++)
		if (c->h[i].b && c->h[i].b->heap == heap)
			t += c->h[i].b->size;
	return t;
}

static int text_fd(const char *text)
{
	int fd = memfd_create("mocktext", MFD_CLOEXEC);

	if (fd >= 0) {
		__real_write(fd, text, strlen(text));
		lseek(fd, 0, SEEK_SET);
	}
	return fd;
}

static int open_debugfs(const char *rest)
{
	char out[4096];
	size_t o = 0;
	int i, id;

	out[0] = 0;
	if (!strncmp(rest, "heaps/", 6)) {
		for (id = 0; id < 5; id++)
			if (heaps[id].name && !strcmp(rest + 6, heaps[id].name))
				break;
		if (id == 5)
			return fail(ENOENT);
		o += snprintf(out + o, sizeof(out) - o, "%16s %16s %16s\n", "client", "pid", "size");
		o += snprintf(out + o, sizeof(out) - o, "----------------------------------------------------\n");
		for (i = 0; i < nclients; i++) {
			size_t t;

			if (!clients[i].live)
				continue;
			t = client_heap_total(&clients[i], id);
			if (t)
				o += snprintf(out + o, sizeof(out) - o, "%16s %16u %16zu\n",
					      clients[i].name ? clients[i].name : "mockcomm",
					      clients[i].pid, t);
		}
		o += snprintf(out + o, sizeof(out) - o, "----------------------------------------------------\n");
		return text_fd(out);
	}
	if (!strncmp(rest, "clients/", 8)) {
		for (i = 0; i < nclients; i++) {
			char nm[64];

			if (!clients[i].live)
				continue;
			if (clients[i].name)
				snprintf(nm, sizeof(nm), "%s-%d", clients[i].name, clients[i].serial);
			else
				snprintf(nm, sizeof(nm), "%d-%d", clients[i].pid, clients[i].serial);
			if (strcmp(nm, rest + 8))
				continue;
			o += snprintf(out + o, sizeof(out) - o, "%16.16s: %16.16s\n", "heap_name", "size_in_bytes");
			for (id = 0; id < 5; id++) {
				size_t t;

				if (!heaps[id].name)
					continue;
				t = client_heap_total(&clients[i], id);
				if (t)
					o += snprintf(out + o, sizeof(out) - o, "%16.16s: %16zu\n", heaps[id].name, t);
			}
			return text_fd(out);
		}
		return fail(ENOENT);
	}
	return fail(ENOENT);
}

static void ensure_kclient(void)
{
	int fd;
	char buf[5] = { 'e', 'f', 'g', 'h', '\n' };

	if (kclient)
		return;
	kclient = new_client(DMABUF_TEST_CLIENT_NAME);
	khandle = c_alloc(kclient, PG, ION_HEAP_SYSTEM_MASK, 3);
	fd = kclient->h[khandle].b->memfd;
	pwrite(fd, buf, 5, 0);
}

static int track(int fd, enum kind k, void *p)
{
	if (fd >= 0 && fd < MAXFD) {
		fdt[fd].k = k;
		fdt[fd].p = p;
	}
	return fd;
}

int __wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	int mode, fd;

	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	ensure_kclient();
	if (!strcmp(path, "/dev/ion")) {
		fd = __real_open("/dev/null", O_RDONLY | O_CLOEXEC);
		return track(fd, K_ION, new_client(NULL));
	}
	if (!strcmp(path, DMABUF_TEST_DEV))
		return track(__real_open("/dev/null", O_RDONLY), K_DMABUF_TEST, NULL);
	if (!strcmp(path, HEAP_TEST_DEV))
		return track(__real_open("/dev/null", O_RDONLY), K_HEAP_TEST, NULL);
	if (!strcmp(path, CMA_MEM_DEV))
		return track(__real_open("/dev/null", O_RDWR), K_CMA, NULL);
	if (!strcmp(path, VION_DEV)) {
		if (vion_open_count)
			return fail(EBUSY);
		vion_open_count++;
		return track(__real_open("/dev/null", O_RDWR), K_VION, NULL);
	}
	if (!strncmp(path, "/dev/dma_heap/", 14)) {
		const char *n = path + 14;

		if (strcmp(n, "system") && strcmp(n, "linux,cma"))
			return fail(ENOENT);
		return track(__real_open("/dev/null", O_RDONLY), K_DMA_HEAP,
			     (void *)(strcmp(n, "system") ? "linux,cma" : "system"));
	}
	if (!strncmp(path, "/sys/kernel/debug/ion/", 22))
		return open_debugfs(path + 22);
	return __real_open(path, flags, mode);
}

DIR *__wrap_opendir(const char *path)
{
	static int made;

	if (!made) {
		mkdir("/tmp/mockfs", 0755);
		mkdir("/tmp/mockfs/dma_heap", 0755);
		mkdir("/tmp/mockfs/heaps", 0755);
		close(__real_open("/tmp/mockfs/dma_heap/system", O_CREAT | O_WRONLY, 0644));
		close(__real_open("/tmp/mockfs/dma_heap/linux,cma", O_CREAT | O_WRONLY, 0644));
		close(__real_open("/tmp/mockfs/heaps/system", O_CREAT | O_WRONLY, 0644));
		close(__real_open("/tmp/mockfs/heaps/system_contig", O_CREAT | O_WRONLY, 0644));
		close(__real_open("/tmp/mockfs/heaps/linux,cma", O_CREAT | O_WRONLY, 0644));
		made = 1;
	}
	if (!strcmp(path, DMA_HEAP_DEV_DIR))
		return __real_opendir("/tmp/mockfs/dma_heap");
	if (!strcmp(path, "/sys/kernel/debug/ion/heaps"))
		return __real_opendir("/tmp/mockfs/heaps");
	return __real_opendir(path);
}

int __wrap_close(int fd)
{
	if (fd >= 0 && fd < MAXFD) {
		if (fdt[fd].k == K_VION)
			vion_open_count--;
		if (fdt[fd].k == K_ION)
			((struct client *)fdt[fd].p)->live = 0;
		fdt[fd].k = K_NONE;
	}
	return __real_close(fd);
}

ssize_t __wrap_write(int fd, const void *b, size_t n)
{
	if (fd >= 0 && fd < MAXFD && fdt[fd].k == K_VION) {
		char tmp[PG];
		size_t i;

		if (!vion_buf)
			return 0;
		if (n > vion_buf->size)
			n = vion_buf->size;
		if (n > sizeof(tmp))
			n = sizeof(tmp);
		memset(tmp, 0, n);
		for (i = 0; i < n && ((const char *)b)[i]; i++)
			tmp[i] = ((const char *)b)[i];
		pwrite(vion_buf->memfd, tmp, n, 0);
		return (ssize_t)n;
	}
	return __real_write(fd, b, n);
}

ssize_t __wrap_read(int fd, void *b, size_t n)
{
	if (fd >= 0 && fd < MAXFD && fdt[fd].k == K_VION) {
		if (!vion_buf)
			return 0;
		if (n > vion_buf->size)
			n = vion_buf->size;
		return pread(vion_buf->memfd, b, n, 0);
	}
	return __real_read(fd, b, n);
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	enum kind k = (fd >= 0 && fd < MAXFD) ? fdt[fd].k : K_NONE;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	switch (k) {
	case K_ION:
		return ion_ioctl_mock(fdt[fd].p, req, arg);
	case K_DMABUF:
		if (req == DMA_BUF_IOCTL_SYNC) {
			struct dma_buf_sync *s = arg;

			if ((s->flags & ~7ULL) || !(s->flags & 3))
				return fail(EINVAL);
			return 0;
		}
		if (req == DMA_BUF_SET_NAME_A || req == DMA_BUF_SET_NAME_B)
			return strlen(arg) < 32 ? 0 : fail(EINVAL);
		return fail(ENOTTY);
	case K_DMABUF_TEST:
		if (req == DMABUF_IOC_TEST_GET_FD_FROM_USER) {
			struct buf *b = dmabuf_of(((struct dmabuf_test_rw_data *)arg)->fd);
			char t[PG + 1];

			if (!b)
				return fail(EINVAL);
			pread(b->memfd, t, PG, 0);
			t[PG] = 0;
			fprintf(stderr, "[mock kernel] buf data:%s\n", t);
			return 0;
		}
		if (req == DMABUF_IOC_TEST_GET_FD_FROM_KERNEL) {
			((struct dmabuf_test_rw_data *)arg)->fd = export_fd(kclient->h[khandle].b);
			return 0;
		}
		if (req == DMABUF_IOC_TEST_GET_KERNEL_INFO) {
			struct dmabuf_test_kernel_info *i = arg;

			memset(i, 0, sizeof(*i));
			i->size = PG;
			i->heap_id_mask = 1;
			i->flags = 3;
			i->handle_id = khandle;
			strcpy(i->client_name, DMABUF_TEST_CLIENT_NAME);
			strcpy(i->heap_name, "system");
			return 0;
		}
		return fail(ENOTTY);
	case K_VION: {
		int v = *(int *)arg;

		if (req == VION_REGISTER_ION) {
			if (fcntl(v, F_GETFD) < 0)
				return fail(EBADF);
			vion_buf = dmabuf_of(v);
			return vion_buf ? 0 : fail(EINVAL);
		}
		if (req == VION_UNREGISTER_ION) {
			if (!vion_buf)
				return fail(EINVAL);
			vion_buf = NULL;
			return 0;
		}
		return fail(ENOTTY);
	}
	case K_HEAP_TEST: {
		struct heap_test_map_data *m = arg;
		struct buf *b;
		static char zero[PG];
		size_t off;

		if (req != HEAP_TEST_IOCTL_MAP)
			return fail(ENOTTY);
		if (m->reserved)
			return fail(EINVAL);
		if (fcntl(m->fd, F_GETFD) < 0)
			return fail(EBADF);
		b = dmabuf_of(m->fd);
		if (!b || (m->len && m->len != b->size))
			return fail(EINVAL);
		for (off = 0; off < b->size; off += PG)
			pwrite(b->memfd, zero, PG, (off_t)off);
		m->nents = b->heap == 4 ? 1 : (unsigned)(b->size / (64 * 1024));
		m->len = b->size;
		m->dma_addr = b->phys;
		m->dma_len0 = (unsigned)(b->size / m->nents);
		fprintf(stderr, "[mock kernel] heap_test: %u sg entries\n", m->nents);
		return 0;
	}
	case K_DMA_HEAP: {
		struct dma_heap_allocation_data *d = arg;
		struct buf *b;

		if (req != DMA_HEAP_IOCTL_ALLOC)
			return fail(EINVAL);
		if (d->fd || (d->fd_flags & ~(unsigned)DMA_HEAP_VALID_FD_FLAGS) || d->heap_flags ||
		    !PALIGN(d->len))
			return fail(EINVAL);
		b = new_buf(PALIGN(d->len), strcmp(fdt[fd].p, "system") ? 4 : 0);
		if (!b)
			return fail(ENOMEM);
		d->fd = (unsigned)export_fd(b);
		return 0;
	}
	case K_CMA: {
		static struct { char name[10]; struct buf *b; void *u; int live; } blk[16];
		static int count;
		struct mem_block *m = arg;
		int i;

		if (req == CMEM_ALLOCATE) {
			struct buf *b;
			void *u;

			if (!m->name[0] || !m->len)
				return fail(EINVAL);
			m->len = PALIGN(m->len);
			b = new_buf(m->len, 4);
			if (!b)
				return fail(ENOMEM);
			u = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, b->memfd, 0);
			if (u == MAP_FAILED)
				return fail(ENOMEM);
			m->id = ++count;
			m->phy_base = b->phys;
			m->mem_base = (unsigned long)u;
			m->kernel_base = (void *)(0xc0000000UL + (b->phys - 0x60000000UL));
			for (i = 0; i < 16; i++)
				if (!blk[i].live) {
					memcpy(blk[i].name, m->name, 10);
					blk[i].b = b;
					blk[i].u = u;
					blk[i].live = 1;
					break;
				}
			return 0;
		}
		if (req == CMEM_UNMAP) {
			for (i = 0; i < 16; i++)
				if (blk[i].live && !strncmp(blk[i].name, m->name, 10)) {
					munmap(blk[i].u, blk[i].b->size);
					blk[i].live = 0;
					return 0;
				}
			return fail(EINVAL);
		}
		return fail(ENOTTY);
	}
	default:
		return __real_ioctl(fd, req, arg);
	}
}
