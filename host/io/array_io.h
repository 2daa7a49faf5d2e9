/* array_io.h: one column of numbers from a NumPy .npy file or a CSV/TSV/
 * whitespace text file, with every format problem reported in one line. */
#ifndef TAILTILT_ARRAY_IO_H
#define TAILTILT_ARRAY_IO_H

#include <stddef.h>

typedef struct {
    double *values;      /* finite values, in file order */
    size_t n;
    size_t nonfinite;    /* NaN or infinite values seen (dropped or refused) */
} tt_column;

/* column: NULL (the only or first column), a header name, or a 0-based index.
 * Non-finite values are refused (TT_EINVAL) unless drop_nonfinite. */
int tt_column_read(const char *path, const char *column, int drop_nonfinite, tt_column *out, char *msg);
void tt_column_free(tt_column *c);

#endif
