/* util.c: strict number parsing, shortest round-trip number formatting,
 * FNV-1a hashing and a monotonic clock for the host code. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "core/util.h"

int tt_parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end != '\0' || isnan(x) || (errno == ERANGE && isinf(x)))
        return -1;
    *out = x;
    return 0;
}

void tt_format_double(double x, char *buf, size_t len)
{
    for (int prec = 15; prec <= 17; ++prec) {
        snprintf(buf, len, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

uint64_t tt_fnv1a64(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; ++i) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

double tt_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

FILE *tt_open_input(const char *path, const char **why)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        *why = strerror(errno);
        return NULL;
    }
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode)) {
        *why = S_ISDIR(sb.st_mode) ? "it is a directory" : "it is not a regular file (a device or socket)";
        fclose(fp);
        return NULL;
    }
    return fp;
}
