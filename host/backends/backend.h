/* backend.h: the one seam between the methods and the hardware: the kinds
 * of sample pass a method asks for, and a backend as the table of functions
 * that run them (cpu/ with OpenMP, cuda/ with the kernels). A method is
 * written once against this table; a backend knows nothing of methods. */
#ifndef TAILTILT_BACKEND_H
#define TAILTILT_BACKEND_H

#include "analysis/khat.h"
#include "core/run.h"
#include "tailtilt/accum.h"
#include "tailtilt/proposal.h"

/* What every pass has: the model, its stream, its size and its run. */
typedef struct {
    const tt_model *model;
    tt_philox_key key;
    uint32_t stream;       /* counter word 3 (host/core/stream.c) */
    uint64_t items;        /* samples, or trials for tournaments */
    int threads;           /* CPU threads (resolved) */
    int single;            /* per-sample arithmetic in float (tt_job_single) */
    tt_run_state *run;           /* progress, and where chunks are computed */
    void *session;         /* the backend's state for this run (begin/end) */
} tt_pass;

/* Tilting: every beta from one pass. With diagnostics, also the first half
 * of the chunks' sums, the chunks' batch sums and the largest U values. A
 * double pass fills all and half, a single one ball and bhalf. */
typedef struct {
    int nb;
    const double *inv_beta;
    int diagnostics;
    tt_tilt_acc *all, *half;   /* nb each */
    tt_tilt_bacc *ball, *bhalf;
    tt_batch_sums *batch;      /* nb */
    tt_khat_pool *pool;        /* the largest U */
} tt_tilt_work;

/* Exceedance sums: over every sample, and for each threshold t[j] over the
 * samples with y >= t[j] (y = X when y_is_error, else U). */
typedef struct {
    int nt;
    const double *t;
    int y_is_error;
    tt_sums3 all;
    tt_sums3 *hi;              /* nt, in the order of t */
} tt_exceed_work;

/* Best-of-n tournaments: the sums of (U*, V*, X*) over the trials, and the
 * spread of the chunks' E[V*]. */
typedef struct {
    uint32_t n;
    tt_sums3 sums;
    tt_spread spread;
} tt_tournament_work;

/* An importance-sampled pass for one threshold: weighted sums below t and,
 * at or above t (of X when y_is_error, else of U), where X leads and where V
 * leads (prop's tail centres are the medians); the largest weights at or
 * above t (with diagnostics). */
typedef struct {
    const tt_proposal *prop;
    double t;
    int y_is_error;
    int diagnostics;
    tt_is_split sums;
    tt_khat_pool *pool;
} tt_importance_work;

/* Conditional Monte Carlo for one threshold: one coordinate Y integrated
 * exactly through its law's tail functions, the other, z, sampled from its
 * law (share alpha_base) or a tail above each of `nlevels` levels (equal
 * shares), with the balance weight w; sums of a = w P(Y >= t - z),
 * b = w z P(Y >= t - z), c = w E[Y; Y >= t - z] (the level t alone when
 * y_is_error), a split by which coordinate leads (c_lead: the median of X
 * minus V's). Evaluates laws per sample: a CPU pass. */
#define TT_COND_LEVELS 3
typedef struct {
    double t;
    int integrate_x;           /* 1: Y = X, z = V; 0: Y = V, z = X */
    int y_is_error;
    double c_lead;
    double alpha_base;
    int nlevels;
    tt_tail_prop tail[TT_COND_LEVELS];
    double levels[TT_COND_LEVELS];
    tt_cond_sums sums;
} tt_conditional_work;

/* The weighted best-of-N's sample set: for each N of Ns, sum_i (F_i^N -
 * F_(i-1)^N) f_(i) over the sorted set (full[g][f], f = U, V, X), over each of
 * `replicates` consecutive subsets (rep[r][g][f]), and the samples in the
 * top 10/N of the mass (near[g]). prop's kind none: plain draws. */
typedef struct {
    const tt_proposal *prop;
    const double *Ns;
    int nN, replicates;
    double *full, *rep;
    uint64_t *near;
} tt_sample_set_work;

typedef struct tt_backend {
    const char *name;                  /* the record's `backend` */
    const char *(*device)(void);       /* the record's `device` */
    int uses_threads;                  /* the record's `threads` applies */
    /* A run's state, set up before its first pass and torn down after its
     * last (device memory, the model with its data on the device, which the
     * passes then draw from); NULL: none. */
    int (*begin)(const tt_model *model, void **session, const tt_model **device_model, char *msg);
    void (*end)(void *session);
    int (*tilt)(const tt_pass *p, tt_tilt_work *w, char *msg);
    int (*exceed)(const tt_pass *p, tt_exceed_work *w, char *msg);
    int (*tournament)(const tt_pass *p, tt_tournament_work *w, char *msg);
    int (*importance)(const tt_pass *p, tt_importance_work *w, char *msg);
    int (*sample_set)(const tt_pass *p, tt_sample_set_work *w, char *msg);
    int (*conditional)(const tt_pass *p, tt_conditional_work *w, char *msg); /* NULL: not on this backend */
} tt_backend;

extern const tt_backend tt_backend_cpu;
extern const tt_backend tt_backend_cuda;

/* The CUDA backend's state (cuda/backend.c, or cuda/stub.c without nvcc). */
/* 1 when a CUDA device is usable (probed once); else 0 and the reason. */
int tt_cuda_usable(char *why);
/* 1 when the machine has an NVIDIA GPU at all (its driver's device nodes),
 * usable or not. */
int tt_cuda_present(void);
const char *tt_cuda_device_name(void);
/* Use device local_rank modulo the device count (one GPU per rank). */
void tt_cuda_bind(int local_rank);

#endif
