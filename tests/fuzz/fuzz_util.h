/* fuzz_util.h: the fuzzers' common step: the input as a C string, or as a
 * file (an in-memory one, reached by its /proc path) for the readers that
 * take a path. */
#ifndef TT_FUZZ_UTIL_H
#define TT_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static inline char *fuzz_string(const unsigned char *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* A memory file holding the input; its path in path (len >= 64); -1 on failure. */
static inline int fuzz_file(const unsigned char *data, size_t size, char *path, size_t len)
{
    int fd = memfd_create("tt-fuzz", 0);
    if (fd < 0)
        return -1;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return -1;
    }
    snprintf(path, len, "/proc/self/fd/%d", fd);
    return fd;
}

#endif
