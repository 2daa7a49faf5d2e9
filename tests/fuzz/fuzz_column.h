/* fuzz_column.h: the column readers' fuzzing step, shared by the .npy and
 * text targets: the input as a file behind a chosen first byte (the format
 * is decided by it), read with a column picked from the input's size; a
 * refusal must say why, an accepted column must hold finite values. */
#ifndef TT_FUZZ_COLUMN_H
#define TT_FUZZ_COLUMN_H

#include <math.h>
#include <stdint.h>
#include "fuzz_util.h"
#include "io/array_io.h"
#include "tailtilt/defs.h"

static inline int fuzz_column(const uint8_t *data, size_t size, unsigned char first, const char *const columns[5])
{
    unsigned char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    copy[0] = first;
    memcpy(copy + 1, data, size);
    char path[64], msg[TT_MSG_LEN] = "";
    int fd = fuzz_file(copy, size + 1, path, sizeof path);
    free(copy);
    if (fd < 0)
        return 0;
    tt_column c;
    if (tt_column_read(path, columns[size % 5], size & 1, &c, msg) == TT_OK) {
        for (size_t i = 0; i < c.n; ++i)
            if (!isfinite(c.values[i]))
                abort();
        tt_column_free(&c);
    } else if (!msg[0])
        abort();
    close(fd);
    return 0;
}

#endif
