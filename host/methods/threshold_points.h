/* threshold_points.h: the points of a grid of t, shared by threshold and
 * construct: one exceedance pass for the whole grid, or far in the tail one
 * importance-sampled pass per t (its proposal, and the checks every such
 * record gets), and the rules both methods follow. */
#ifndef TAILTILT_THRESHOLD_POINTS_H
#define TAILTILT_THRESHOLD_POINTS_H

#include "methods/proposals.h"

/* Samples drawn: one pass for the grid, or with a proposal one per t. */
uint64_t tt_threshold_points_cost(const tt_job *job);
/* 1 with a proposal: each t is a pass of its own (a unit of work under MPI). */
int tt_threshold_points_per_point(const tt_job *job);
/* An explicit proposal (tilt, tail) must fit the laws. */
int tt_proposal_check(const tt_job *job, int y_is_error, char *msg);

/* Without a proposal: the point's record from every sample's sums and those
 * at or above t. */
typedef void (*tt_exceed_finish)(const tt_job *job, const tt_sums3 *all, const tt_sums3 *hi, double t, tt_record *r);
/* Every point of the job from one exceedance pass (y = X when y_is_error). */
int tt_exceed_points(const tt_job *job, const tt_backend *be, tt_pass *base, int y_is_error, tt_exceed_finish finish,
                     tt_record *recs, char *msg);

/* With a proposal: the method's estimates of point t from the weighted sums
 * below t (lo) and at or above it (hi). */
typedef void (*tt_is_estimates)(const tt_job *job, double t, int y_is_error, const tt_is_part *lo,
                                const tt_is_part *hi, tt_record *r);
/* What conditional Monte Carlo estimates at a point, f = U, V, X: P(y >= t);
 * E[f; y >= t] (means over the samples); E[f | y >= t] (ratios, with
 * delta-method errors). */
typedef struct {
    double P, P_se;
    double part[3], part_se[3];
    double cond[3], cond_se[3];
} tt_cond_estimate;
/* With conditional Monte Carlo: the method's estimates from them. */
typedef void (*tt_cond_estimates)(const tt_job *job, double t, int y_is_error, const tt_cond_estimate *e,
                                  tt_record *r);

/* Every point of the job, each from its own pass: importance-sampled, or by
 * conditional Monte Carlo (--proposal conditional). */
int tt_importance_points(const tt_job *job, const tt_backend *be, tt_pass *base, int y_is_error,
                         tt_is_estimates estimates, tt_cond_estimates cond, tt_record *recs, char *msg);

#endif
