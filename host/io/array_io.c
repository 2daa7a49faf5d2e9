/* array_io.c: readers for .npy (float32/float64, little-endian, 1-D or one
 * column of 2-D, C or Fortran order) and delimited text with an optional header. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/array_io.h"
#include "tailtilt/defs.h"
#include "core/util.h"

static int fail(char *msg, const char *path, const char *what)
{
    snprintf(msg, TT_MSG_LEN, "%s: %s", path, what);
    return TT_EINVAL;
}

/* Keeps finite values; counts the others. */
static int push(tt_column *c, size_t *cap, double x)
{
    if (!isfinite(x)) {
        c->nonfinite++;
        return 0;
    }
    if (c->n == *cap) {
        *cap = *cap ? 2 * *cap : 1024;
        double *p = realloc(c->values, *cap * sizeof(double));
        if (!p) return -1;
        c->values = p;
    }
    c->values[c->n++] = x;
    return 0;
}

/* Column index from NULL, a whole number (read as the 64-bit value it is:
 * never wrapped), or (for text) a header name; -1 when it is none of them. */
static int column_index(const char *column, char **names, int nnames, uint64_t *out)
{
    if (!column) {
        *out = 0;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(column, &end, 10);
    if (*column >= '0' && *column <= '9' && !*end) {
        *out = errno == ERANGE ? UINT64_MAX : (uint64_t)v;
        return 0;
    }
    for (int i = 0; i < nnames; ++i)
        if (!strcmp(names[i], column)) {
            *out = (uint64_t)i;
            return 0;
        }
    return -1;
}

/* The shape tuple of a .npy header: up to 3 non-negative dimensions, each
 * checked as it is read (a negative or overflowing one is an error). */
static int npy_shape(const char *h, uint64_t dims[3], int *nd, const char *path, char *msg)
{
    *nd = 0;
    const char *s = strstr(h, "'shape'");
    if (!s || !(s = strchr(s, '(')))
        return fail(msg, path, "the .npy header has no shape");
    ++s;
    for (;;) {
        while (*s == ' ') ++s;
        if (*s == ')')
            return TT_OK;
        if (*nd == 3)
            return fail(msg, path, "only 1-D arrays or one column of a 2-D array are supported");
        if (*s == '-')
            return fail(msg, path, "the .npy shape has a negative dimension");
        if (*s < '0' || *s > '9')
            return fail(msg, path, "malformed .npy shape");
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        if (errno == ERANGE)
            return fail(msg, path, "a .npy dimension does not fit in 64 bits");
        dims[(*nd)++] = (uint64_t)v;
        s = end;
        while (*s == ' ') ++s;
        if (*s == ',') ++s;
        else if (*s != ')') return fail(msg, path, "malformed .npy shape");
    }
}

static int read_npy(FILE *fp, const char *path, const char *column, tt_column *c, char *msg)
{
    unsigned char head[10];
    if (fread(head, 1, 8, fp) != 8 || memcmp(head, "\x93NUMPY", 6) != 0)
        return fail(msg, path, "not a NumPy .npy file (bad magic)");
    int major = head[6];
    uint32_t hlen = 0;
    unsigned char b[4] = {0};
    if (major == 1) {
        if (fread(b, 1, 2, fp) != 2) return fail(msg, path, "truncated .npy header");
        hlen = (uint32_t)b[0] | (uint32_t)b[1] << 8;
    } else if (major == 2 || major == 3) {
        if (fread(b, 1, 4, fp) != 4) return fail(msg, path, "truncated .npy header");
        hlen = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    } else
        return fail(msg, path, "unsupported .npy version");
    if (hlen > 1 << 20) return fail(msg, path, "unreasonable .npy header length");
    char *h = calloc(hlen + 1, 1);
    if (fread(h, 1, hlen, fp) != hlen) {
        free(h);
        return fail(msg, path, "truncated .npy header");
    }
    char descr[16] = "", why[200];
    const char *d = strstr(h, "'descr'");
    if (d) sscanf(d, "'descr': '%15[^']'", descr);
    int fortran = strstr(h, "'fortran_order': True") != NULL;
    uint64_t dims[3] = {0, 0, 0};
    int nd, st = npy_shape(h, dims, &nd, path, msg);
    if (st != TT_OK) {
        free(h);
        return st;
    }
    free(h);
    int size;
    if (!strcmp(descr, "<f8")) size = 8;
    else if (!strcmp(descr, "<f4")) size = 4;
    else if (!strcmp(descr, ">f8") || !strcmp(descr, ">f4")) {
        snprintf(why, sizeof why, "big-endian dtype '%s' is not supported (accepted: <f4, <f8)", descr);
        return fail(msg, path, why);
    } else {
        snprintf(why, sizeof why, "unsupported dtype '%s' (accepted: float32 '<f4', float64 '<f8')", descr);
        return fail(msg, path, why);
    }
    if (nd < 1 || nd > 2) return fail(msg, path, "only 1-D arrays or one column of a 2-D array are supported");
    uint64_t rows = dims[0], cols = nd == 2 ? dims[1] : 1, col = 0;
    if (column_index(column, NULL, 0, &col) != 0 || col >= cols) {
        snprintf(why, sizeof why, "no column '%s' (the array has %llu column%s; give an index from 0)",
                 column ? column : "", (unsigned long long)cols, cols == 1 ? "" : "s");
        return fail(msg, path, why);
    }
    /* the data's size, overflow-safe, against what the file holds */
    long here = ftell(fp);
    if (fseek(fp, 0, SEEK_END) != 0 || here < 0)
        return fail(msg, path, "cannot seek in the file");
    uint64_t left = (uint64_t)(ftell(fp) - here), values;
    fseek(fp, here, SEEK_SET);
    if (__builtin_mul_overflow(rows, cols, &values) || values > left / (uint64_t)size) {
        char shape[64];
        if (nd == 2)
            snprintf(shape, sizeof shape, "(%llu, %llu)", (unsigned long long)rows, (unsigned long long)cols);
        else
            snprintf(shape, sizeof shape, "(%llu,)", (unsigned long long)rows);
        snprintf(why, sizeof why, "truncated data: the header's shape %s needs more than the file's %llu bytes of data",
                 shape, (unsigned long long)left);
        return fail(msg, path, why);
    }
    size_t cap = 0;
    unsigned char *raw = malloc(values ? (size_t)size * (size_t)values : 1);
    if (!raw) {
        snprintf(msg, TT_MSG_LEN, "%s: out of memory for %llu values", path, (unsigned long long)values);
        return TT_ENOMEM;
    }
    size_t want = (size_t)values, got = fread(raw, (size_t)size, want, fp);
    if (got != want) {
        free(raw);
        snprintf(why, sizeof why, "truncated data: %zu of %zu values", got, want);
        return fail(msg, path, why);
    }
    for (uint64_t i = 0; i < rows; ++i) {
        size_t at = fortran ? (size_t)(col * rows + i) : (size_t)(i * cols + col);
        double x;
        if (size == 8) memcpy(&x, raw + 8 * at, 8);
        else {
            float f;
            memcpy(&f, raw + 4 * at, 4);
            x = f;
        }
        push(c, &cap, x);
    }
    free(raw);
    return TT_OK;
}

/* Splits a text line in place into fields; returns the count. */
static int split(char *line, char delim, char **fields, int max)
{
    int n = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = '\0';
    if (delim == ' ') {
        while (n < max) {
            while (*p && isspace((unsigned char)*p)) ++p;
            if (!*p) break;
            fields[n++] = p;
            while (*p && !isspace((unsigned char)*p)) ++p;
            if (*p) *p++ = '\0';
        }
        return n;
    }
    while (n < max) {
        fields[n++] = p;
        char *q = strchr(p, delim);
        if (!q) break;
        *q = '\0';
        p = q + 1;
    }
    for (int i = 0; i < n; ++i) { /* trim blanks and plain quotes */
        while (isspace((unsigned char)*fields[i]) || *fields[i] == '"') ++fields[i];
        char *e = fields[i] + strlen(fields[i]);
        while (e > fields[i] && (isspace((unsigned char)e[-1]) || e[-1] == '"')) *--e = '\0';
    }
    return n;
}

static int is_number(const char *s)
{
    char *end;
    if (!*s) return 0;
    strtod(s, &end);
    return *end == '\0';
}

static int read_text(FILE *fp, const char *path, const char *column, tt_column *c, char *msg)
{
    char *line = NULL, *fields[4096], **names = NULL, why[400];
    size_t lcap = 0, cap = 0;
    uint64_t col = 0;
    int nnames = 0, lineno = 0, first = 1, st = TT_OK;
    char delim = 0;
    while (st == TT_OK && getline(&line, &lcap, fp) > 0) {
        ++lineno;
        if (line[strspn(line, " \t\r\n")] == '\0' || line[0] == '#')
            continue;
        if (!delim)
            delim = strchr(line, ',') ? ',' : strchr(line, '\t') ? '\t' : ' ';
        int nf = split(line, delim, fields, 4096);
        if (first) { /* a header when any field of the first line is not a number */
            first = 0;
            int header = 0;
            for (int i = 0; i < nf; ++i)
                header |= !is_number(fields[i]);
            if (header) {
                names = malloc(sizeof(char *) * (size_t)nf);
                for (int i = 0; i < nf; ++i)
                    names[i] = strdup(fields[i]);
                nnames = nf;
                if (column_index(column, names, nnames, &col) != 0 || col >= (uint64_t)nf) {
                    /* the names that fit, then " ..." (snprintf counts what it would have written) */
                    size_t used = (size_t)snprintf(why, sizeof why - 8, "no column '%.200s' (columns:", column ? column : "");
                    for (int i = 0; i < nf; ++i) {
                        if (used + 1 + strlen(names[i]) > sizeof why - 8) {
                            used += (size_t)snprintf(why + used, sizeof why - used, " ...");
                            break;
                        }
                        used += (size_t)snprintf(why + used, sizeof why - used, " %s", names[i]);
                    }
                    snprintf(why + used, sizeof why - used, ")");
                    st = fail(msg, path, why);
                }
                continue;
            }
            if (column_index(column, NULL, 0, &col) != 0) {
                snprintf(why, sizeof why, "column '%s' is a name, but the file has no header row", column);
                st = fail(msg, path, why);
                continue;
            }
        }
        if (col >= (uint64_t)nf) {
            snprintf(why, sizeof why, "line %d has %d field%s: no column %llu", lineno, nf, nf == 1 ? "" : "s",
                     (unsigned long long)col);
            st = fail(msg, path, why);
            continue;
        }
        char *end;
        double x = strtod(fields[col], &end);
        if (end == fields[col] || *end) {
            snprintf(why, sizeof why, "line %d, column %llu: '%.40s' is not a number", lineno, (unsigned long long)col,
                     fields[col]);
            st = fail(msg, path, why);
            continue;
        }
        if (push(c, &cap, x) != 0)
            st = TT_ENOMEM;
    }
    for (int i = 0; i < nnames; ++i)
        free(names[i]);
    free(names);
    free(line);
    return st;
}

int tt_column_read(const char *path, const char *column, int drop_nonfinite, tt_column *out, char *msg)
{
    memset(out, 0, sizeof *out);
    const char *why;
    FILE *fp = tt_open_input(path, &why);
    if (!fp) {
        snprintf(msg, TT_MSG_LEN, "%s: cannot read: %s", path, why);
        return TT_EINVAL;
    }
    int magic = fgetc(fp);
    if (magic != EOF)
        ungetc(magic, fp);
    int st = magic == 0x93 ? read_npy(fp, path, column, out, msg) : read_text(fp, path, column, out, msg);
    fclose(fp);
    if (st == TT_OK && out->n == 0 && out->nonfinite == 0)
        st = fail(msg, path, "no values (empty file or column)");
    if (st == TT_OK && out->nonfinite && !drop_nonfinite) {
        char why[160];
        snprintf(why, sizeof why, "%zu NaN or infinite value%s (pass --drop-nonfinite to leave them out)",
                 out->nonfinite, out->nonfinite == 1 ? "" : "s");
        st = fail(msg, path, why);
    }
    if (st != TT_OK)
        tt_column_free(out);
    return st;
}

void tt_column_free(tt_column *c)
{
    free(c->values);
    c->values = NULL;
    c->n = 0;
}
