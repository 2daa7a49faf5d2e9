/* resume.c: reads the point hashes of an existing results file (JSON Lines
 * through jansson, or CSV by its header) into a sorted set. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/resume.h"
#include "tailtilt/defs.h"

static int add(tt_done_set *s, size_t *cap, const char *h)
{
    if (strlen(h) != 16)
        return 0;
    if (s->count == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        void *p = realloc(s->hashes, *cap * sizeof *s->hashes);
        if (!p) return -1;
        s->hashes = p;
    }
    memcpy(s->hashes[s->count++], h, 17);
    return 0;
}

/* Field n of a CSV line (quotes as the writer makes them) into out, "" when
 * the line has fewer; returns the line's number of fields. */
static int csv_field(const char *line, int n, char *out, size_t len)
{
    int f = 0;
    size_t o = 0;
    int quoted = 0;
    for (const char *p = line; *p && *p != '\n' && *p != '\r'; ++p) {
        if (quoted) {
            if (*p == '"' && p[1] == '"') { if (f == n && o + 1 < len) out[o++] = '"'; ++p; }
            else if (*p == '"') quoted = 0;
            else if (f == n && o + 1 < len) out[o++] = *p;
        } else if (*p == '"') quoted = 1;
        else if (*p == ',') ++f;
        else if (f == n && o + 1 < len) out[o++] = *p;
    }
    out[o] = '\0';
    return f + 1;
}

int tt_json_line_field(const char *line, const char *key, char *out, size_t len)
{
    json_error_t err;
    json_t *obj = json_loads(line, 0, &err);
    const char *v = json_is_object(obj) ? json_string_value(json_object_get(obj, key)) : NULL;
    if (v && len)
        snprintf(out, len, "%s", v);
    json_decref(obj);
    return v ? 0 : -1;
}

static int cmp_hash(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

int tt_done_load(const char *path, tt_done_set *s, char *msg)
{
    memset(s, 0, sizeof *s);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        if (errno == ENOENT)
            return TT_OK;
        snprintf(msg, TT_MSG_LEN, "cannot read results file '%s' to resume: %s", path, strerror(errno));
        return TT_EINVAL;
    }
    char *line = NULL;
    size_t cap = 0, lcap = 0;
    ssize_t got;
    int csv_col = -1, ncols = 0, first = 1, csv = 0;
    while ((got = getline(&line, &lcap, fp)) > 0) {
        if (first) {
            first = 0;
            if (strncmp(line, "method,", 7) == 0) {
                csv = 1;
                char name[64];
                ncols = csv_field(line, 0, name, sizeof name);
                for (int i = 0; i < ncols; ++i)
                    if (csv_field(line, i, name, sizeof name) && !strcmp(name, "point_hash")) csv_col = i;
                if (csv_col < 0) {
                    snprintf(msg, TT_MSG_LEN, "'%s' has no point_hash column: not a tailtilt results file", path);
                    fclose(fp);
                    free(line);
                    return TT_EINVAL;
                }
                continue;
            }
        }
        if (line[0] == '\n')
            continue;
        char h[32];
        if (csv) { /* a row cut short (and ended by the writer) has a wrong field count */
            if (line[got - 1] != '\n' || csv_field(line, csv_col, h, sizeof h) != ncols || strlen(h) != 16)
                s->skipped_lines++;
            else
                add(s, &cap, h);
        } else if (tt_json_line_field(line, "point_hash", h, sizeof h) != 0 || strlen(h) != 16)
            s->skipped_lines++;
        else
            add(s, &cap, h);
    }
    free(line);
    fclose(fp);
    if (s->count)
        qsort(s->hashes, s->count, sizeof *s->hashes, cmp_hash);
    return TT_OK;
}

int tt_done_contains(const tt_done_set *s, const char *hash)
{
    return s->count && bsearch(hash, s->hashes, s->count, sizeof *s->hashes, cmp_hash) != NULL;
}

void tt_done_free(tt_done_set *s)
{
    free(s->hashes);
    s->hashes = NULL;
    s->count = 0;
}
