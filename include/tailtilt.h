/* tailtilt.h: the host C API: distribution specs and laws, grids, jobs,
 * the CPU engine, exact references and result records. */
#ifndef TAILTILT_H
#define TAILTILT_H

#include <stddef.h>
#include <stdio.h>
#include "tailtilt/defs.h"
#include "tailtilt/draw.h"
#include "tailtilt/proposal.h"

#define TT_VERSION "0.1.0"
#define TT_PROPOSAL_AUTO (-1)

typedef enum { TT_BACKEND_AUTO = 0, TT_BACKEND_CPU, TT_BACKEND_CUDA } tt_backend_choice;
/* Per-sample arithmetic (docs/design.md, "Precision"): single, the default,
 * draws and folds samples in float; double is the reference. */
typedef enum { TT_PRECISION_SINGLE = 0, TT_PRECISION_DOUBLE } tt_precision;
const char *tt_precision_name(int precision);
#define TT_SPEC_LEN 640 /* a canonical spec, with a data file's path of up to 384 characters */

const char *tt_strerror(int status);

/* ---------------- distributions (host/dist_spec.c, host/dist_laws.c) ---------------- */

/* Parse `name(key=value, ...)`; on failure fill msg and return TT_EINVAL. */
int tt_dist_parse(const char *spec, tt_dist *out, char *msg);
/* Canonical spec: every parameter, fixed order, shortest round-trip numbers;
 * returns the length it needs (as snprintf does). */
int tt_dist_format(const tt_dist *d, char *buf, size_t len);
const char *tt_dist_name(int kind);
int tt_dist_kind_from_name(const char *name);
/* Human description of the parameters a law accepts. */
const char *tt_dist_params_help(int kind);

/* What the engine needs to know of a law's upper tail. */
typedef struct {
    int heavy;             /* E[exp(sX)] infinite for every s > 0 */
    double mgf_radius;     /* sup{s : E[exp(sX)] < inf}; INFINITY if entire */
    double moments_below;  /* E|X|^r finite exactly for r < this; INFINITY if all */
    double mean, var;      /* NAN where infinite or undefined */
    double lo, hi;         /* support */
} tt_tail_info;

void tt_dist_tail(const tt_dist *d, tt_tail_info *info);
double tt_dist_pdf(const tt_dist *d, double x);
double tt_dist_P(const tt_dist *d, double x);  /* P(X <= x) */
double tt_dist_Q(const tt_dist *d, double x);  /* P(X > x), computed directly */
double tt_dist_quantile(const tt_dist *d, double p);
/* log of the standard form's density constant (see density.h); NAN for empirical. */
double tt_dist_log_constant(const tt_dist *d);

/* ---------------- grids (host/grid.c) ---------------- */

/* `1,2,5`, `lin:A:B:K` or `geom:A:B:K`, in the order given. Integer grids:
 * a list must hold whole numbers; lin and geom are rounded to them, and a
 * value that rounding repeats is refused. Returns a malloc'd array in *vals. */
int tt_grid_parse(const char *text, int integer, double **vals, int *count, char *msg);
/* Counts such as `1e9` or `1000000`, >= 1. */
int tt_count_parse(const char *text, uint64_t *out, char *msg);

/* ---------------- jobs ---------------- */

typedef enum { TT_TILT = 0, TT_THRESHOLD, TT_BON, TT_CONSTRUCT, TT_METHOD_COUNT } tt_method;

const char *tt_method_name(tt_method m);
/* "none", "tilt", "tail", "mixture", "conditional" or "auto" (TT_PROPOSAL_AUTO); < -1 from the parser
 * if unknown. */
const char *tt_proposal_name(int kind);
int tt_proposal_parse(const char *name);

typedef struct {
    tt_method method;
    tt_model model;
    char error_spec[TT_SPEC_LEN];   /* canonical */
    char utility_spec[TT_SPEC_LEN]; /* canonical */
    double *grid;                   /* beta, t or N values, as given */
    int ngrid;
    uint64_t samples;               /* per point (tilt, threshold, construct) */
    uint64_t trials;                /* per N (bon) */
    uint64_t seed;
    int threads;
    double c, a;                    /* construct: mass c*t^-a above t */
    int q_is_sum;                   /* construct: Q is the law of U (1) or of X (0) */
    int weighted;                   /* bon: one sample set, all N (1), or tournaments (0) */
    int proposal;                   /* threshold, construct: TT_PROPOSAL_* or TT_PROPOSAL_AUTO; none
                                       shares one plain pass across the grid */
    int no_diagnostics;             /* skip k-hat and stability diagnostics (for timing them) */
    int backend;                    /* tt_backend_choice */
    int precision;                  /* tt_precision asked for (a law beyond float's reach runs in double) */
    char config_hash[17];           /* provenance: the config file's (or command line's) FNV-1a hash */
} tt_job;

/* Checks the job's grid values against its method (beta > 0; N whole from
 * 1 to 2^30; for construct t > 0 with c t^-a <= 1) and that none repeats. */
int tt_grid_check(const tt_job *job, char *msg);

/* ---------------- records (host/record.c) ---------------- */

typedef struct {
    const char *method;
    char error[TT_SPEC_LEN], utility[TT_SPEC_LEN];
    double beta, t, n, c, a;       /* the point's parameter; NAN if not this method's */
    const char *q;                 /* construct: "error" or "sum" */
    int64_t samples, trials;
    uint64_t seed;                 /* every accepted seed, 0 to 2^64 - 1 */
    double E_U, E_U_se, E_V, E_V_se, E_X, E_X_se;
    double KL, KL_se, P, P_se, logZ, logZ_se;
    double ess, max_weight_share;
    double khat;                   /* tilt: GPD shape of the largest weights (PSIS) */
    double E_U_half, E_V_half, E_X_half, KL_half;       /* from the first half of the chunks */
    double E_U_se_batch, E_V_se_batch, E_X_se_batch;    /* from chunk (batch) means */
    double E_V_chunk_sd;           /* bon: spread of E[V*] across chunks */
    const char *estimator;         /* bon: "tournament" or "weighted" */
    const char *proposal;          /* threshold, construct, weighted bon: the proposal used */
    /* importance sampling: P(U >= t) where X leads and where V leads, estimated,
     * and from the laws' tails by quadrature (the check of a missed way) */
    double P_xlead, P_xlead_se, P_vlead, P_vlead_se, P_xlead_ref, P_vlead_ref;
    int64_t exceedances;           /* -1: not applicable */
    const char *regime, *error_tail, *utility_tail;
    int reliable;                  /* 1, 0, or -1 for none */
    char unreliable_reason[160];
    const char *precision;         /* "single" or "double": what the point's passes ran in; NULL for exact */
    const char *backend, *reference;
    const char *device;            /* the CPU model or the GPU name */
    int64_t rank;                  /* the MPI rank that computed it; -1 outside MPI */
    int64_t threads;
    double wall_s, samples_per_s;
    char point_hash[20];
    char config_hash[17];
} tt_record;

/* A record of grid point g of the job: the point's fields set (method, laws,
 * parameter, samples, seed), every estimate absent. */
void tt_record_init(tt_record *r, const tt_job *job, int g);
/* Marks a record as a reference value (its point hash then differs from the
 * Monte Carlo point's: both can live in one results file). */
void tt_record_mark_exact(tt_record *r, const char *reference);
/* The point's identity: a hash of the fields that define what is computed. */
void tt_record_hash(const tt_record *r, char *out, size_t len);

typedef enum { TT_FORMAT_JSONL = 0, TT_FORMAT_CSV, TT_FORMAT_TABLE } tt_format;

/* What a results file holds: the engine's records, or another command's
 * (tail's). A non-empty file is appended to only when its first line is this
 * CSV header or a whole JSON object with this string field. */
typedef struct {
    const char *csv_header; /* the CSV header line, without its newline */
    const char *json_key;   /* a string field every JSON Lines record has */
    const char *what;       /* for messages: "tailtilt results file" */
} tt_results_kind;

/* A results stream: opened for appending (never truncated) under an advisory
 * lock held until it is closed (a second writer is refused), a CSV header
 * written only into an empty file and checked against a non-empty one. */
typedef struct {
    FILE *fp;
    int owned;
    tt_format format;
    int rows;
    const tt_results_kind *kind;
} tt_writer;

/* format_given: 0 when the caller has no preference, so that an existing
 * file's format (JSON Lines or CSV) is followed; 1 when a different one is
 * an error. A file that holds anything but the engine's records is refused. */
int tt_writer_open(tt_writer *w, const char *path, tt_format format, int format_given, char *msg);
/* The same, for a file of another kind of records (written with
 * tt_writer_write_line). */
int tt_writer_open_kind(tt_writer *w, const char *path, tt_format format, int format_given,
                        const tt_results_kind *kind, char *msg);
int tt_writer_write(tt_writer *w, const tt_record *r, char *msg);
int tt_writer_close(tt_writer *w, char *msg);
/* A record as one line of text (JSON Lines or CSV, with its newline), malloc'd. */
int tt_record_format(const tt_record *r, tt_format format, char **out, size_t *len);
/* A line made by tt_record_format elsewhere (another rank), written as is. */
int tt_writer_write_line(tt_writer *w, const char *line, size_t len, char *msg);

/* ---------------- running ---------------- */

/* Hooks of a run, each optional: progress after each batch of chunks (done
 * and total in samples), each record as soon as it is final (its index in
 * the grid), so that results are written point by point, and a request to
 * stop (another MPI rank failed). */
typedef void (*tt_progress_fn)(void *user, uint64_t done, uint64_t total);
typedef int (*tt_record_fn)(void *user, int index, const tt_record *r);

/* Asked between batches of chunks: nonzero stops the run (TT_EIO). */
typedef int (*tt_stop_fn)(void *user);
/* A line for the user about how the run went (the GPU fell back to the CPU). */
typedef void (*tt_note_fn)(void *user, const char *text);

typedef struct {
    tt_progress_fn progress;
    tt_record_fn record;
    void *user;
    tt_stop_fn stop;               /* optional */
    tt_note_fn note;               /* optional */
} tt_run_hooks;

/* Monte Carlo: fills job->ngrid records (ordered as the grid), on the job's
 * backend (auto: the GPU when one is usable, else the CPU; also the CPU,
 * with a note, when the GPU runs out of memory before its first record), or
 * on the CPU or the GPU. A record hook that returns nonzero stops the run
 * with TT_EIO. */
int tt_run(const tt_job *job, tt_record *records, const tt_run_hooks *hooks, char *msg);
int tt_run_cpu(const tt_job *job, tt_record *records, const tt_run_hooks *hooks, char *msg);
int tt_run_cuda(const tt_job *job, tt_record *records, const tt_run_hooks *hooks, char *msg);
/* Under auto: what to tell the user when the machine has a GPU that cannot
 * run (NULL when a GPU runs the job, or when there is none at all). */
const char *tt_auto_note(void);
const char *tt_cpu_name(void);

/* Exact references: closed forms or GSL quadrature, same record fields. */
int tt_exact(const tt_job *job, tt_record *records, char *msg);

#endif
