/* methods.h: each method's CPU pass (chunk kernels over the engine) and its
 * finalisation from merged accumulators into records. */
#ifndef TAILTILT_METHODS_H
#define TAILTILT_METHODS_H

#include "core/engine.h"
#include "tailtilt/accum.h"

/* Records of one sample pass share its timing; filled by the caller. */
int tt_tilt_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg);
int tt_threshold_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg);
int tt_bon_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg);
/* threshold and construct with an importance-sampling proposal: one pass
 * per t, each record passed to pg->record as it finishes. */
int tt_is_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg);
int tt_proposal_choose(const tt_job *job, double t, int y_is_error, int requested, tt_proposal *p, char *msg);
/* The stream of an importance-sampled point, and its record from the two
 * sides' weighted sums (both backends). */
uint32_t tt_is_stream(const tt_job *job, double t);
/* PSIS k-hat of the largest importance weights (any order; sorted in place). */
double tt_is_weights_khat(double *top, uint64_t n);
void tt_is_finalize(const tt_job *job, double t, int y_is_error, const tt_proposal *prop, const tt_is_pair *res,
                    double khat, tt_record *r);

/* Best-of-N for every N of the grid from one sorted sample set. The parts the
 * backends share: the check, stream and proposal of the set; the records from
 * the full set's sums (full[g][f]), R replicate sets' (rep[r][g][f], f = U, V,
 * X) and the samples in the top 10/N of the mass (near[g]). */
#define TT_BON_REPLICATES 16
int tt_bon_weighted_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg);
int tt_bon_weighted_setup(const tt_job *job, uint32_t *point, tt_proposal *prop, char *msg);
void tt_bon_weighted_records(const tt_job *job, const tt_proposal *prop, const double *full, const double *rep,
                             const uint64_t *near, tt_record *recs);
int tt_construct_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg);

/* The records of one shared sample pass: its time on each, then each to the
 * record hook, in grid order. */
int tt_records_of_pass(const tt_job *job, tt_record *recs, double wall, const tt_run_hooks *hooks, char *msg);

/* Records from merged accumulators, shared by the backends. */
void tt_tilt_finalize(const tt_job *job, const tt_tilt_acc *a, double beta, tt_record *r);
/* k-hat of tilting, shared by the backends: how many of the largest U a pass
 * keeps (M+1), how many each chunk of 2^16 keeps, and the record's k-hat and
 * flag from the M+1 largest U (sorted decreasing). */
uint64_t tt_tilt_khat_cap(uint64_t samples);
int tt_tilt_topk_per_chunk(uint64_t samples, uint64_t m1);
void tt_tilt_khat_record(const tt_job *job, const double *top, uint64_t ntop, double beta, tt_record *r);
/* First-half estimates (from h) and batch-means errors (from bs) of a tilt record. */
void tt_tilt_stability(const tt_tilt_acc *a, const tt_tilt_acc *h, const tt_batch_sums *bs, double beta,
                       tt_record *r);
void tt_threshold_finalize(const tt_job *job, const tt_sums3 *all, const tt_sums3 *hi, double t, tt_record *r);
void tt_construct_finalize(const tt_job *job, const tt_sums3 *all, const tt_sums3 *hi, double t, tt_record *r);
void tt_bon_finalize(const tt_job *job, const tt_sums3 *s, const tt_spread *spread, uint32_t n, tt_record *r);
/* Best-of-N trials per chunk: about 2^16 outcomes, at least one trial. */
uint32_t tt_bon_trials_per_chunk(uint32_t n);

/* One pass binning every sample by y (U, or X when bin_on_error) against
 * sorted thresholds; bins must hold count+1 sums. */
int tt_binned_pass(const tt_job *job, const double *sorted, int count, int bin_on_error,
                   tt_sums3 *bins, tt_progress_ctx *pg, char *msg);

/* Finish one grid point from all samples' sums and those at or above t. */
typedef void (*tt_binned_finish)(const tt_job *job, const tt_sums3 *all, const tt_sums3 *hi, double t,
                                 tt_record *r);
/* A binned pass over the job's t grid, then finish() for each grid value. */
int tt_binned_points(const tt_job *job, int bin_on_error, tt_binned_finish finish, tt_record *recs,
                     tt_progress_ctx *pg, char *msg);

/* Threshold grids in ascending order (malloc'd), the exceedance sums of
 * sorted threshold j (bins j+1..count; j = -1 gives every sample), and the
 * position of a grid value in the sorted grid. */
double *tt_sorted_grid(const tt_job *job);
void tt_bins_suffix(const tt_sums3 *bins, int count, int j, tt_sums3 *out);
int tt_sorted_index(const double *sorted, int count, double value);

/* Fill regime, tails and the moment-based reliability shared by methods. */
void tt_record_tails(tt_record *r, const tt_job *job);
/* Mark a record unreliable with a reason (keeps the first reason). */
void tt_record_unreliable(tt_record *r, const char *reason);

/* Mean and standard error of a mean from sums over n items. */
void tt_mean_se(double s, double ss, double n, double *mean, double *se);

#endif
