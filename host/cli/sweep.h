/* sweep.h: `tailtilt run CONFIG`: every point of a sweep file, run in order,
 * each record written as it finishes, finished points skipped on --resume. */
#ifndef TAILTILT_SWEEP_H
#define TAILTILT_SWEEP_H

#include "cli/config.h"
#include "io/resume.h"

typedef struct {
    const char *out;   /* NULL: the config's output, else stdout */
    int format;        /* -1: the config's, else jsonl */
    int resume, dry_run, quiet;
    int threads;       /* 0: the experiment's, else all */
    int stop_after;    /* tests only: stop after this many records (0: never) */
} tt_sweep_options;

int tt_sweep_run(const tt_sweep *s, const tt_sweep_options *o, char *msg);
/* A run's results file opened and locked (w NULL: not opened, a dry run), and
 * with --resume the points it already holds, read under the lock. */
int tt_sweep_open(const tt_sweep *s, const tt_sweep_options *o, tt_writer *w, tt_done_set *done, char *msg);

/* For each (experiment, error ie, utility iu), in order: the job with its
 * full grid and with only the grid values not in `done` (order kept); fn's
 * nonzero return stops the walk. */
typedef int (*tt_sweep_job_fn)(void *user, const tt_experiment *e, int ie, int iu, tt_job *todo, const tt_job *full);
int tt_sweep_each_job(const tt_sweep *s, const tt_done_set *done, int threads, tt_sweep_job_fn fn, void *user);
const char *tt_sweep_out(const tt_sweep *s, const tt_sweep_options *o);
int tt_sweep_format(const tt_sweep *s, const tt_sweep_options *o);

#endif
