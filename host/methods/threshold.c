/* threshold.c: pi0 conditioned on U >= t for a grid of t: P, E[f | U >= t],
 * KL = -log P, from one exceedance pass shared by the grid, or far in the
 * tail from one importance-sampled pass per t. */
#include <math.h>
#include "core/record.h"
#include "methods/job.h"
#include "methods/method.h"
#include "methods/threshold_points.h"
#include "reference/exact.h"

/* Plain sampling: the point's exceedance sums over job->samples draws. */
static void threshold_finalize(const tt_job *job, const tt_sums3 *all, const tt_sums3 *e, double t, tt_record *r)
{
    (void)all;
    (void)t;
    double n = (double)job->samples, k = (double)e->n;
    r->exceedances = (int64_t)e->n;
    r->P = k / n;
    r->P_se = sqrt(r->P * (1 - r->P) / n);
    r->KL = -log(r->P);
    r->KL_se = k > 0 ? r->P_se / r->P : NAN;
    tt_mean_se(e->su, e->suu, k, &r->E_U, &r->E_U_se);
    tt_mean_se(e->sv, e->svv, k, &r->E_V, &r->E_V_se);
    tt_mean_se(e->sx, e->sxx, k, &r->E_X, &r->E_X_se);
    tt_record_tails(r, job);
    if (e->n < 100)
        tt_record_unreliable(r, "fewer than 100 samples at or above t");
}

/* Importance sampling: self-normalised means of the weighted sums at or above t. */
static void threshold_is_estimates(const tt_job *job, double t, int y_is_error, const tt_is_part *lo,
                                   const tt_is_part *hi, tt_record *r)
{
    (void)t;
    (void)y_is_error;
    (void)lo;
    double n = (double)job->samples;
    double *est[3] = {&r->E_U, &r->E_V, &r->E_X}, *se[3] = {&r->E_U_se, &r->E_V_se, &r->E_X_se};
    r->P = hi->sw / n;
    r->P_se = sqrt(fmax(0.0, hi->sw2 / n - r->P * r->P) / (n - 1));
    r->KL = -log(r->P);
    r->KL_se = r->P_se / r->P;
    for (int k = 0; k < 3; ++k) {
        double e = hi->swf[k] / hi->sw;
        *est[k] = e;
        *se[k] = sqrt(fmax(0.0, hi->sw2ff[k] - 2 * e * hi->sw2f[k] + e * e * hi->sw2)) / hi->sw;
    }
}

/* Conditional Monte Carlo: P and the conditional means. */
static void threshold_cond_estimates(const tt_job *job, double t, int y_is_error, const tt_cond_estimate *e,
                                     tt_record *r)
{
    (void)job;
    (void)t;
    (void)y_is_error;
    double *est[3] = {&r->E_U, &r->E_V, &r->E_X}, *se[3] = {&r->E_U_se, &r->E_V_se, &r->E_X_se};
    r->P = e->P;
    r->P_se = e->P_se;
    r->KL = -log(r->P);
    r->KL_se = r->P_se / r->P;
    for (int k = 0; k < 3; ++k) {
        *est[k] = e->cond[k];
        *se[k] = e->cond_se[k];
    }
}

static int threshold_run(const tt_job *job, const tt_backend *be, tt_pass *base, tt_record *recs, char *msg)
{
    if (job->proposal != TT_PROPOSAL_NONE)
        return tt_importance_points(job, be, base, 0, threshold_is_estimates, threshold_cond_estimates, recs, msg);
    return tt_exceed_points(job, be, base, 0, threshold_finalize, recs, msg);
}

static const char *threshold_check_value(const tt_job *job, double t)
{
    (void)job;
    (void)t;
    return NULL;
}

static int threshold_check(const tt_job *job, char *msg)
{
    return tt_proposal_check(job, 0, msg);
}

static const char *threshold_refuse(const tt_job *job, int key)
{
    (void)job;
    switch (key) {
    case TT_KEY_SAMPLES: case TT_KEY_PROPOSAL: return NULL;
    case TT_KEY_TRIALS: return TT_REFUSE_TRIALS;
    case TT_KEY_ESTIMATOR: return TT_REFUSE_ESTIMATOR;
    default: return TT_REFUSE_CONSTRUCT;
    }
}

static void threshold_record(tt_record *r, const tt_job *job, int g)
{
    r->t = job->grid[g];
    /* the proposal asked for; the pass replaces a request of auto by its choice */
    r->proposal = job->proposal != TT_PROPOSAL_NONE ? tt_proposal_name(job->proposal) : NULL;
}

const tt_method_desc tt_method_threshold = {
    TT_THRESHOLD, "threshold", "t", "t", 0, 0,
    "conditioning on U >= t over a grid of t", "--t GRID [--proposal none|auto|mixture|conditional|tilt|tail]",
    "  pi0 conditioned on U >= t for each t: P, E[V|U>=t], E[X|U>=t], KL = -log P.\n",
    threshold_check_value, threshold_check, threshold_refuse, tt_threshold_points_cost,
    tt_threshold_points_per_point, tt_method_always, threshold_record, threshold_run,
    tt_exact_threshold,
};
