/* writer.c: results files: JSON Lines, CSV or an aligned table, one record
 * per line, flushed as written; files are opened for appending only. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "tailtilt.h"
#include "core/util.h"
#include "io/resume.h"

typedef enum { F_STR, F_STRBUF, F_DBL, F_INT, F_UINT, F_BOOL, F_VERSION } field_type;
typedef struct {
    const char *name;
    field_type type;
    size_t offset;
} field;

#define S(n) {#n, F_STR, offsetof(tt_record, n)}
#define B(n) {#n, F_STRBUF, offsetof(tt_record, n)}
#define D(n) {#n, F_DBL, offsetof(tt_record, n)}
#define I(n) {#n, F_INT, offsetof(tt_record, n)}

/* The columns, in order: the point, the estimates, diagnostics, provenance. */
static const field FIELDS[] = {
    S(method), B(error), B(utility), D(beta), D(t), D(n), D(c), D(a), S(q),
    I(samples), I(trials), {"seed", F_UINT, offsetof(tt_record, seed)},
    D(E_U), D(E_U_se), D(E_V), D(E_V_se), D(E_X), D(E_X_se), D(KL), D(KL_se),
    D(P), D(P_se), D(logZ), D(logZ_se), D(ess), D(max_weight_share), D(khat), I(exceedances),
    D(E_U_half), D(E_V_half), D(E_X_half), D(KL_half), D(E_U_se_batch), D(E_V_se_batch), D(E_X_se_batch),
    D(E_V_chunk_sd), S(estimator), S(proposal), D(P_xlead), D(P_xlead_se), D(P_vlead), D(P_vlead_se),
    D(P_xlead_ref), D(P_vlead_ref),
    S(regime), S(error_tail), S(utility_tail), {"reliable", F_BOOL, offsetof(tt_record, reliable)},
    B(unreliable_reason), S(precision), S(backend), S(reference), S(device), I(threads), I(rank), D(wall_s), D(samples_per_s),
    {"version", F_VERSION, 0}, B(point_hash), B(config_hash),
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

/* Render one field as text; returns 0 when the value is null. */
static int field_text(const tt_record *r, const field *f, char *buf, size_t len)
{
    const char *base = (const char *)r;
    switch (f->type) {
    case F_VERSION:
        snprintf(buf, len, "%s", TT_VERSION);
        return 1;
    case F_STR: {
        const char *s = *(const char *const *)(base + f->offset);
        if (!s) return 0;
        snprintf(buf, len, "%s", s);
        return 1;
    }
    case F_STRBUF:
        snprintf(buf, len, "%s", base + f->offset);
        return buf[0] != '\0';
    case F_DBL: {
        double x = *(const double *)(base + f->offset);
        if (!isfinite(x)) return 0;
        tt_format_double(x, buf, len);
        return 1;
    }
    case F_INT: {
        int64_t x = *(const int64_t *)(base + f->offset);
        if (x < 0) return 0;
        snprintf(buf, len, "%lld", (long long)x);
        return 1;
    }
    case F_UINT:
        snprintf(buf, len, "%llu", (unsigned long long)*(const uint64_t *)(base + f->offset));
        return 1;
    case F_BOOL: {
        int x = *(const int *)(base + f->offset);
        if (x < 0) return 0;
        snprintf(buf, len, "%s", x ? "true" : "false");
        return 1;
    }
    }
    return 0;
}

static void json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; ++s) {
        if (*s == '"' || *s == '\\') fprintf(fp, "\\%c", *s);
        else if ((unsigned char)*s < 0x20) fprintf(fp, "\\u%04x", *s);
        else fputc(*s, fp);
    }
    fputc('"', fp);
}

static void csv_cell(FILE *fp, const char *s)
{
    if (strpbrk(s, ",\"\n") == NULL) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; ++s) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void csv_header(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NFIELDS; ++i)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "", FIELDS[i].name);
}

/* The point's identity: every field that defines what was computed, each
 * rendered in full (a spec of any length), fed to the hash in turn. */
void tt_record_hash(const tt_record *r, char *out, size_t len)
{
    char cell[3 * TT_SPEC_LEN];
    uint64_t h = TT_FNV_OFFSET;
    for (size_t i = 0; i < 12; ++i) { /* method .. seed */
        if (!field_text(r, &FIELDS[i], cell, sizeof cell)) cell[0] = '\0';
        h = tt_fnv1a64(cell, strlen(cell), h);
        h = tt_fnv1a64("|", 1, h);
    }
    const char *extra[4] = {NULL, NULL, NULL, NULL};
    char proposal[64], precision[32];
    if (r->proposal) { /* at hashing time: the proposal asked for (auto, mixture, tilt, ...) */
        snprintf(proposal, sizeof proposal, "proposal=%s|", r->proposal);
        extra[0] = proposal;
    }
    if (r->estimator && !strcmp(r->estimator, "weighted"))
        extra[1] = "weighted|";
    if (r->backend && !strcmp(r->backend, "exact"))
        extra[2] = "exact|";
    if (r->precision) { /* at hashing time: the precision asked for */
        snprintf(precision, sizeof precision, "precision=%s|", r->precision);
        extra[3] = precision;
    }
    for (int k = 0; k < 4; ++k)
        if (extra[k])
            h = tt_fnv1a64(extra[k], strlen(extra[k]), h);
    snprintf(out, len, "%016llx", (unsigned long long)h);
}

/* Creates the directories above a results path (mkdir -p), quietly: a failure
 * shows up as the fopen error that follows. */
static void make_parent_dirs(const char *path)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + 1; *p; ++p)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0777);
            *p = '/';
        }
}

/* The engine's records: the CSV header is the field names, in order. */
static const tt_results_kind *engine_kind(void)
{
    static char header[2048];
    static const tt_results_kind kind = {header, "point_hash", "tailtilt results file"};
    if (!header[0])
        csv_header(header, sizeof header);
    return &kind;
}

enum { NOT_OURS = -1, OTHER_CSV = -2 };

/* The format of a non-empty results file: CSV (its first line is the kind's
 * header), JSON Lines (its first non-blank line is a whole JSON object with
 * the kind's key), OTHER_CSV (a first line that begins like the kind's header
 * but differs: another version) or NOT_OURS. */
static int detect_format(FILE *fp, const tt_results_kind *k)
{
    enum { LINE_CAP = 1 << 20 }; /* a record is a few KiB: a longer line is not one */
    char *line = malloc(LINE_CAP);
    int have = NOT_OURS, blanks = 0;
    if (!line)
        return NOT_OURS;
    line[0] = '\0';
    rewind(fp);
    while (fgets(line, LINE_CAP, fp) && line[strspn(line, " \t\r\n")] == '\0')
        ++blanks;
    fseek(fp, 0, SEEK_END);
    size_t first = strcspn(k->csv_header, ",") + 1; /* the first column and its comma */
    if (!blanks && !strncmp(line, k->csv_header, first)) {
        line[strcspn(line, "\r\n")] = '\0';
        have = strcmp(line, k->csv_header) ? OTHER_CSV : TT_FORMAT_CSV;
    } else if (tt_json_line_field(line, k->json_key, NULL, 0) == 0)
        have = TT_FORMAT_JSONL;
    free(line);
    return have;
}

/* A line cut short by a killed run is ended, so that the next record starts
 * a line of its own; a CSV line cut inside a quoted field (an odd number of
 * quotes since its start) has the quote closed first, or it would swallow
 * that record. Readers skip the junk line (its field count is wrong). */
static int end_cut_line(FILE *fp, tt_format format)
{
    char buf[4096];
    long pos = (fseek(fp, 0, SEEK_END) == 0) ? ftell(fp) : -1;
    int last = -1, quotes = 0;
    while (pos > 0) { /* backwards, a block at a time, to the line's start */
        size_t n = pos < (long)sizeof buf ? (size_t)pos : sizeof buf;
        pos -= (long)n;
        if (fseek(fp, pos, SEEK_SET) != 0 || fread(buf, 1, n, fp) != n)
            return -1;
        if (last < 0)
            last = (unsigned char)buf[n - 1];
        if (last == '\n')
            break;
        while (n > 0 && buf[n - 1] != '\n')
            quotes += buf[--n] == '"';
        if (n > 0)
            break;
    }
    fseek(fp, 0, SEEK_END);
    if (last == '\n' || last < 0)
        return 0;
    if (format == TT_FORMAT_CSV && quotes % 2)
        fputc('"', fp);
    fputc('\n', fp);
    return fflush(fp) != 0 || ferror(fp) ? -1 : 0;
}

static int refuse(tt_writer *w, int status)
{
    fclose(w->fp);
    w->fp = NULL;
    return status;
}

int tt_writer_open(tt_writer *w, const char *path, tt_format format, int format_given, char *msg)
{
    return tt_writer_open_kind(w, path, format, format_given, engine_kind(), msg);
}

int tt_writer_open_kind(tt_writer *w, const char *path, tt_format format, int format_given,
                        const tt_results_kind *kind, char *msg)
{
    static const char *const NAMES[] = {"JSON Lines", "CSV", "table"};
    memset(w, 0, sizeof *w);
    w->format = format;
    w->kind = kind;
    if (strcmp(path, "-") == 0) {
        w->fp = stdout;
        return TT_OK;
    }
    make_parent_dirs(path);
    FILE *fp = fopen(path, "a+");
    if (!fp) {
        snprintf(msg, TT_MSG_LEN, "cannot open output file '%s' for appending: %s", path, strerror(errno));
        return TT_EINVAL;
    }
    w->fp = fp;
    w->owned = 1;
    struct stat sb;
    if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(msg, TT_MSG_LEN, "output '%s' is not a regular file", path);
        return refuse(w, TT_EINVAL);
    }
    /* one writer at a time: the lock lasts until the file is closed */
    if (flock(fileno(fp), LOCK_EX | LOCK_NB) != 0) {
        snprintf(msg, TT_MSG_LEN, "'%s' is being written by another tailtilt run (it holds the file's lock): wait "
                 "for it to finish, or write to another file", path);
        return refuse(w, TT_EIO);
    }
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    if (size == 0) { /* a new file: its header is written with its creation, under the lock */
        if (format == TT_FORMAT_CSV) {
            if (fprintf(fp, "%s\n", kind->csv_header) < 0 || fflush(fp) != 0) {
                snprintf(msg, TT_MSG_LEN, "writing results failed: %s", strerror(errno));
                return refuse(w, TT_EIO);
            }
            w->rows = 1;
        }
        return TT_OK;
    }
    if (format == TT_FORMAT_TABLE) {
        snprintf(msg, TT_MSG_LEN, "refusing to append a table to the non-empty file '%s' (use --format jsonl or csv)",
                 path);
        return refuse(w, TT_EINVAL);
    }
    int have = detect_format(fp, kind);
    if (have == NOT_OURS) {
        snprintf(msg, TT_MSG_LEN, "'%s' is not a %s (its first line is neither a JSON record with '%s' nor the CSV "
                 "header): write to a new file", path, kind->what, kind->json_key);
        return refuse(w, TT_EINVAL);
    }
    if (have == OTHER_CSV) {
        snprintf(msg, TT_MSG_LEN, "'%s' is not a %s of this version (its CSV header differs): write to a new file",
                 path, kind->what);
        return refuse(w, TT_EINVAL);
    }
    if (have != (int)format && format_given) {
        snprintf(msg, TT_MSG_LEN, "'%s' holds %s records: appending %s would mix formats (use --format %s, or "
                 "another file)", path, NAMES[have], NAMES[format], have == TT_FORMAT_CSV ? "csv" : "jsonl");
        return refuse(w, TT_EINVAL);
    }
    w->format = (tt_format)have;
    if (have == TT_FORMAT_CSV)
        w->rows = 1;
    if (end_cut_line(fp, w->format) != 0) {
        snprintf(msg, TT_MSG_LEN, "writing results failed: %s", strerror(errno));
        return refuse(w, TT_EIO);
    }
    return TT_OK;
}

static void write_table(tt_writer *w, const tt_record *r)
{
    const char *param = !isnan(r->beta) ? "beta" : !isnan(r->n) ? "N" : "t";
    double pv = !isnan(r->beta) ? r->beta : !isnan(r->n) ? r->n : r->t;
    if (w->rows++ == 0) {
        fprintf(w->fp, "# %s  error=%s  utility=%s\n", r->method, r->error, r->utility);
        fprintf(w->fp, "%10s %22s %22s %12s %10s %10s %9s  %s\n", param, "E[V] (se)", "E[X] (se)", "E[U]", "KL",
                !isnan(r->P) ? "P" : "ess", "regime", "reliable");
    }
    char ev[40], ex[40], eu[24], kl[24], last[24];
    snprintf(ev, sizeof ev, "%.4g (%.2g)", r->E_V, r->E_V_se);
    snprintf(ex, sizeof ex, "%.4g (%.2g)", r->E_X, r->E_X_se);
    snprintf(eu, sizeof eu, "%.4g", r->E_U);
    snprintf(kl, sizeof kl, "%.4g", r->KL);
    double lv = !isnan(r->P) ? r->P : r->ess;
    snprintf(last, sizeof last, isnan(lv) ? "-" : "%.3g", lv);
    fprintf(w->fp, "%10.4g %22s %22s %12s %10s %10s %9s  %s\n", pv, ev, ex, eu, kl, last,
            r->regime ? r->regime : "", r->reliable ? "yes" : r->unreliable_reason);
}

/* One record as text: a JSON object or a CSV row, with its newline. */
static void format_record(FILE *fp, tt_format format, const tt_record *r)
{
    char cell[512];
    if (format == TT_FORMAT_CSV) {
        for (size_t i = 0; i < NFIELDS; ++i) {
            if (i) fputc(',', fp);
            if (field_text(r, &FIELDS[i], cell, sizeof cell)) csv_cell(fp, cell);
        }
        fputc('\n', fp);
        return;
    }
    fputc('{', fp);
    for (size_t i = 0; i < NFIELDS; ++i) {
        fprintf(fp, "%s\"%s\":", i ? "," : "", FIELDS[i].name);
        if (!field_text(r, &FIELDS[i], cell, sizeof cell))
            fputs("null", fp);
        else if (FIELDS[i].type == F_STR || FIELDS[i].type == F_STRBUF || FIELDS[i].type == F_VERSION)
            json_string(fp, cell);
        else
            fputs(cell, fp);
    }
    fputs("}\n", fp);
}

int tt_record_format(const tt_record *r, tt_format format, char **out, size_t *len)
{
    FILE *mem = open_memstream(out, len);
    if (!mem)
        return TT_ENOMEM;
    format_record(mem, format == TT_FORMAT_CSV ? TT_FORMAT_CSV : TT_FORMAT_JSONL, r);
    fclose(mem);
    return TT_OK;
}

int tt_writer_write_line(tt_writer *w, const char *line, size_t len, char *msg)
{
    if (w->format == TT_FORMAT_CSV && w->rows == 0)
        fprintf(w->fp, "%s\n", w->kind->csv_header);
    if (fwrite(line, 1, len, w->fp) != len || fflush(w->fp) != 0 || ferror(w->fp)) {
        snprintf(msg, TT_MSG_LEN, "writing results failed: %s", strerror(errno));
        return TT_EIO;
    }
    w->rows++;
    return TT_OK;
}

/* A record reaches the file in one write, then is flushed: a run killed at
 * any moment leaves whole lines only. */
int tt_writer_write(tt_writer *w, const tt_record *r, char *msg)
{
    if (w->format == TT_FORMAT_TABLE) {
        write_table(w, r);
    } else {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        if (!mem) {
            snprintf(msg, TT_MSG_LEN, "out of memory formatting a record");
            return TT_ENOMEM;
        }
        if (w->format == TT_FORMAT_CSV && w->rows == 0)
            fprintf(mem, "%s\n", w->kind->csv_header);
        format_record(mem, w->format, r);
        fclose(mem);
        size_t put = fwrite(buf, 1, len, w->fp);
        free(buf);
        if (put != len) {
            snprintf(msg, TT_MSG_LEN, "writing results failed: %s", strerror(errno));
            return TT_EIO;
        }
        w->rows++;
    }
    if (fflush(w->fp) != 0 || ferror(w->fp)) {
        snprintf(msg, TT_MSG_LEN, "writing results failed: %s", strerror(errno));
        return TT_EIO;
    }
    return TT_OK;
}

int tt_writer_close(tt_writer *w, char *msg)
{
    int bad = fflush(w->fp) != 0 || ferror(w->fp);
    if (w->owned && fclose(w->fp) != 0)
        bad = 1;
    w->fp = NULL;
    if (bad) {
        snprintf(msg, TT_MSG_LEN, "writing results failed: %s", strerror(errno));
        return TT_EIO;
    }
    return TT_OK;
}
