/* util.h: small host helpers shared by the parsers and writers:
 * strict number parsing, shortest round-trip formatting, hashing, clocks,
 * opening an input. */
#ifndef TAILTILT_UTIL_H
#define TAILTILT_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* 0 on success: the whole string is one finite or infinite number. */
int tt_parse_double(const char *s, double *out);
/* Shortest "%.{15,16,17}g" that reads back to the same double. */
void tt_format_double(double x, char *buf, size_t len);
uint64_t tt_fnv1a64(const void *data, size_t len, uint64_t h);
#define TT_FNV_OFFSET 0xcbf29ce484222325ull
double tt_now(void);
/* An input file opened "rb", a regular file or a pipe only (a directory
 * fails obscurely, a device such as /dev/zero never ends); NULL with *why
 * ("it is a directory", "it is not a regular file ...", or the system's
 * reason) otherwise. */
FILE *tt_open_input(const char *path, const char **why);

#endif
