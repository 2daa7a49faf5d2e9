/* config.h: a sweep file (YAML) as plain structs: experiments, each a method,
 * lists of error and utility specs, a grid and its sampling settings. */
#ifndef TAILTILT_CONFIG_H
#define TAILTILT_CONFIG_H

#include "methods/job.h"

typedef struct {
    char name[64];
    int line;                 /* where the experiment starts in the file */
    tt_jobdef def;            /* its job: the laws it lists, the grid, the rest */
} tt_experiment;

typedef struct {
    char path[1024];
    char output[1024];        /* "" when the file names none */
    int format;               /* -1 when the file names none */
    int nexp;
    tt_experiment *exps;
    int backend_override;     /* -1, or a tt_backend_choice set on the command line */
    int precision_override;   /* -1, or a tt_precision set on the command line */
    char hash[17];            /* FNV-1a of the file's bytes */
} tt_sweep;

/* Parse and validate; on failure msg is "FILE:LINE: ..." and the status is
 * TT_EINVAL (bad content) or TT_EIO (unreadable file). */
int tt_sweep_load(const char *path, tt_sweep *sweep, char *msg);
void tt_sweep_free(tt_sweep *sweep);

/* The job of one (experiment, error, utility) triple, with the full grid. */
void tt_experiment_job(const tt_experiment *e, int ie, int iu, tt_job *job);

#endif
