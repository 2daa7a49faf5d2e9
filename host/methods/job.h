/* job.h: the rules of a job, written once: its keys, their defaults, how
 * each value is read, and every rule between keys. The command line and the
 * config loader only translate their syntax into tt_jobdef_set calls, so the
 * same mistake gets the same message from both (a config adds file:line). */
#ifndef TAILTILT_JOB_H
#define TAILTILT_JOB_H

#include "tailtilt.h"

typedef enum {
    TT_KEY_METHOD, TT_KEY_ERROR, TT_KEY_UTILITY, TT_KEY_GRID, TT_KEY_SAMPLES, TT_KEY_TRIALS, TT_KEY_SEED,
    TT_KEY_THREADS, TT_KEY_BACKEND, TT_KEY_C, TT_KEY_A, TT_KEY_Q, TT_KEY_ESTIMATOR, TT_KEY_PROPOSAL,
    TT_KEY_DIAGNOSTICS, TT_KEY_PRECISION, TT_KEY_COUNT
} tt_job_key;

/* A job as written: keys set one at a time, then checked as a whole. */
typedef struct {
    tt_job job;                    /* everything but the laws; the grid once checked */
    tt_dist *errors, *utilities;   /* the laws given (a config may list several) */
    int nerror, nutility;
    int exact;                     /* backend: exact (reference values, no sampling) */
    unsigned given;                /* 1 << key for each key set */
    char grid_key[8];              /* the grid's key as written: beta, t or n */
    char *grid_text;               /* the grid as written */
} tt_jobdef;

/* The defaults: samples 1e6, trials 1000, seed 1, every thread, c 1, a 0.8,
 * q error, tournament, no proposal, diagnostics on, backend auto, precision
 * single; laws normal() when none is given. */
void tt_jobdef_init(tt_jobdef *d);
/* Sets key (a job key, or the grid as beta, t or n) from its text. error and
 * utility may be set more than once (a config's list). TT_EINVAL with one
 * line naming the key, the value and what is accepted. */
int tt_jobdef_set(tt_jobdef *d, const char *key, const char *value, char *msg);
/* After every key: the rules between keys, the grid parsed and checked, the
 * default laws. On failure, *bad_key is the key at fault ("" for the whole
 * job), for a config's file:line. */
int tt_jobdef_check(tt_jobdef *d, const char **bad_key, char *msg);
/* The job of one (error, utility) pair; its grid is the definition's. */
void tt_jobdef_job(const tt_jobdef *d, int ie, int iu, tt_job *job);
void tt_jobdef_free(tt_jobdef *d);

/* The key of a name (beta, t and n are the grid), or -1. */
int tt_job_key_id(const char *name);
/* "method, error, ...": the keys a job accepts, for messages. */
const char *tt_job_keys(void);

#endif
