/* sweep.h: `tailtilt run CONFIG`: every point of a sweep file, run in order,
 * each record written as it finishes, finished points skipped on --resume. */
#ifndef TAILTILT_SWEEP_H
#define TAILTILT_SWEEP_H

#include "config.h"

typedef struct {
    const char *out;   /* NULL: the config's output, else stdout */
    int format;        /* -1: the config's, else jsonl */
    int resume, dry_run, quiet;
    int threads;       /* 0: the experiment's, else all */
    int stop_after;    /* tests only: stop after this many records (0: never) */
} tt_sweep_options;

int tt_sweep_run(const tt_sweep *s, const tt_sweep_options *o, char *msg);

#endif
