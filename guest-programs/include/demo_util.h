/* demo_util.h - small helpers shared by the vexmem guest demos. */
#ifndef VEXMEM_GUEST_DEMO_UTIL_H
#define VEXMEM_GUEST_DEMO_UTIL_H

#include <stddef.h>

/* "EINVAL" etc. for an errno value (positive or negative); "E?" if unknown. */
const char *errno_name(int err);

/* Prints "RESULT: PASS" and exits 0. */
void demo_pass(void) __attribute__((noreturn));
/* Prints "RESULT: FAIL <reason>" and exits 1. */
void demo_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Prints "step: <what> failed: ENAME (n)" for err (positive or negative). */
void demo_perr(const char *what, int err);

/*
 * Reads a whole (small, possibly size-0 like debugfs) file into a malloc'd
 * NUL-terminated buffer.  Returns NULL and sets errno on failure.
 */
char *read_text_file(const char *path, size_t *len_out);

/* Fills buf with a position-dependent pattern derived from seed / checks it.
 * demo_check_pattern returns the first bad offset or -1 when all match. */
void demo_fill_pattern(unsigned char *buf, size_t len, unsigned seed);
long demo_check_pattern(const unsigned char *buf, size_t len, unsigned seed);

/* Sleeps for ms milliseconds (nanosleep). */
void demo_msleep(unsigned ms);

#endif
