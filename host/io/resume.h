/* resume.h: the points an existing results file already holds, by point
 * hash, so that `run --resume` skips them. */
#ifndef TAILTILT_RESUME_H
#define TAILTILT_RESUME_H

#include <stddef.h>

typedef struct {
    char (*hashes)[20];
    size_t count;
    size_t skipped_lines; /* lines that were not a whole record */
} tt_done_set;

/* Reads JSON Lines or CSV (by content); a missing file is an empty set. */
int tt_done_load(const char *path, tt_done_set *set, char *msg);
int tt_done_contains(const tt_done_set *set, const char *hash);
void tt_done_free(tt_done_set *set);

/* 0 when the line is one whole JSON object with the string field `key`
 * (copied into out, cut to len; out may be NULL with len 0), else -1: what
 * makes a line a record, here and for the writer's check of a file. */
int tt_json_line_field(const char *line, const char *key, char *out, size_t len);

#endif
