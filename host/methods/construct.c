/* construct.c: the paper's Theorem-1 policy P: Q (the law of X, or of U)
 * reweighted so that mass p = c t^-a lies at or above t, by Monte Carlo from
 * one exceedance pass, or by importance sampling far in the tail. */
#include <math.h>
#include "core/record.h"
#include "methods/job.h"
#include "methods/method.h"
#include "methods/threshold_points.h"
#include "reference/exact.h"

/* The weights of P/Q below and at or above t, from Q(Y >= t); 0 when there
 * is no construction at t (the record says why). */
static int construct_weights(const tt_job *job, double t, int y_is_error, double p, double *wlo, double *whi,
                             tt_record *r)
{
    char msg[TT_MSG_LEN];
    double qbar;
    if (tt_exact_upper_tail(&job->model, !y_is_error, t, &qbar, msg) != TT_OK || !(qbar > 0 && qbar < 1)) {
        tt_record_unreliable(r, "Q(Y >= t) is 0 or 1 or could not be computed: no construction at this t");
        return 0;
    }
    *wlo = (1 - p) / (1 - qbar);
    *whi = p / qbar;
    return 1;
}

/* E_Q[w f] and its standard error with w = wlo below t and whi above. */
static void weighted_mean(double wlo, double slo, double sslo, double whi, double shi, double sshi,
                          double n, double *mean, double *se)
{
    *mean = (wlo * slo + whi * shi) / n;
    double m2 = (wlo * wlo * sslo + whi * whi * sshi) / n;
    *se = sqrt(fmax(0.0, m2 - *mean * *mean) / (n - 1));
}

/* Plain sampling: all samples' sums and those at or above t. */
static void construct_finalize(const tt_job *job, const tt_sums3 *all, const tt_sums3 *hi, double t, tt_record *r)
{
    double p = job->c * pow(t, -job->a);
    r->P = p;
    r->P_se = 0.0;
    r->exceedances = (int64_t)hi->n;
    tt_record_tails(r, job);
    double wlo, whi;
    if (!construct_weights(job, t, !job->q_is_sum, p, &wlo, &whi, r))
        return;
    double n = (double)all->n, nhi = (double)hi->n, nlo = n - nhi;
    tt_sums3 lo = *all;
    lo.n -= hi->n;
    lo.su -= hi->su; lo.sv -= hi->sv; lo.sx -= hi->sx;
    lo.suu -= hi->suu; lo.svv -= hi->svv; lo.sxx -= hi->sxx;
    weighted_mean(wlo, lo.su, lo.suu, whi, hi->su, hi->suu, n, &r->E_U, &r->E_U_se);
    weighted_mean(wlo, lo.sv, lo.svv, whi, hi->sv, hi->svv, n, &r->E_V, &r->E_V_se);
    weighted_mean(wlo, lo.sx, lo.sxx, whi, hi->sx, hi->sxx, n, &r->E_X, &r->E_X_se);
    /* KL(P||Q) = E_Q[w log w]; w log w takes two values. */
    double glo = p < 1 ? wlo * log(wlo) : 0.0, ghi = whi * log(whi);
    r->KL = (nlo * glo + nhi * ghi) / n;
    double m2 = (nlo * glo * glo + nhi * ghi * ghi) / n;
    r->KL_se = sqrt(fmax(0.0, m2 - r->KL * r->KL) / (n - 1));
    if (hi->n < 100)
        tt_record_unreliable(r, "fewer than 100 samples at or above t");
}

/* Importance sampling: E_Q[w f] with the proposal's weights on each side. */
static void construct_is_estimates(const tt_job *job, double t, int y_is_error, const tt_is_part *lo,
                                   const tt_is_part *hi, tt_record *r)
{
    double n = (double)job->samples, p = job->c * pow(t, -job->a), wl, wh;
    double *est[3] = {&r->E_U, &r->E_V, &r->E_X}, *se[3] = {&r->E_U_se, &r->E_V_se, &r->E_X_se};
    r->P = p;
    r->P_se = 0.0;
    if (!construct_weights(job, t, y_is_error, p, &wl, &wh, r))
        return;
    double gl = p < 1 ? wl * log(wl) : 0, gh = wh * log(wh);
    for (int k = 0; k < 3; ++k) {
        *est[k] = (wl * lo->swf[k] + wh * hi->swf[k]) / n;
        double m2 = (wl * wl * lo->sw2ff[k] + wh * wh * hi->sw2ff[k]) / n;
        *se[k] = sqrt(fmax(0.0, m2 - *est[k] * *est[k]) / (n - 1));
    }
    r->KL = (gl * lo->sw + gh * hi->sw) / n;
    double m2 = (gl * gl * lo->sw2 + gh * gh * hi->sw2) / n;
    r->KL_se = sqrt(fmax(0.0, m2 - r->KL * r->KL) / (n - 1));
}

/* Conditional Monte Carlo: E_P[f] = wlo E[f] + (whi - wlo) E[f; y >= t], E[f]
 * from the laws; KL(P||Q) is exact given Q(y >= t). */
static void construct_cond_estimates(const tt_job *job, double t, int y_is_error, const tt_cond_estimate *e,
                                     tt_record *r)
{
    double p = job->c * pow(t, -job->a), wl, wh;
    double *est[3] = {&r->E_U, &r->E_V, &r->E_X}, *se[3] = {&r->E_U_se, &r->E_V_se, &r->E_X_se};
    r->P = p;
    r->P_se = 0.0;
    if (!construct_weights(job, t, y_is_error, p, &wl, &wh, r))
        return;
    tt_tail_info tx, tv;
    tt_dist_tail(&job->model.error, &tx);
    tt_dist_tail(&job->model.utility, &tv);
    double mean[3] = {tx.mean + tv.mean, tv.mean, tx.mean};
    for (int k = 0; k < 3; ++k) {
        *est[k] = wl * mean[k] + (wh - wl) * e->part[k];
        *se[k] = fabs(wh - wl) * e->part_se[k];
    }
    r->KL = (p < 1 ? (1 - p) * log(wl) : 0.0) + p * log(wh);
    r->KL_se = 0.0;
}

static int construct_run(const tt_job *job, const tt_backend *be, tt_pass *base, tt_record *recs, char *msg)
{
    if (job->proposal != TT_PROPOSAL_NONE)
        return tt_importance_points(job, be, base, !job->q_is_sum, construct_is_estimates, construct_cond_estimates,
                                    recs, msg);
    return tt_exceed_points(job, be, base, !job->q_is_sum, construct_finalize, recs, msg);
}

static const char *construct_check_value(const tt_job *job, double t)
{
    return t > 0 && job->c * pow(t, -job->a) <= 1 ? NULL : "t must be > 0 with c*t^-a <= 1";
}

static int construct_check(const tt_job *job, char *msg)
{
    return tt_proposal_check(job, !job->q_is_sum, msg);
}

static const char *construct_refuse(const tt_job *job, int key)
{
    (void)job;
    switch (key) {
    case TT_KEY_TRIALS: return TT_REFUSE_TRIALS;
    case TT_KEY_ESTIMATOR: return TT_REFUSE_ESTIMATOR;
    default: return NULL; /* samples, c, a, q, proposal */
    }
}

static void construct_record(tt_record *r, const tt_job *job, int g)
{
    r->t = job->grid[g];
    r->c = job->c;
    r->a = job->a;
    r->q = job->q_is_sum ? "sum" : "error";
    r->proposal = job->proposal != TT_PROPOSAL_NONE ? tt_proposal_name(job->proposal) : NULL;
}

const tt_method_desc tt_method_construct = {
    TT_CONSTRUCT, "construct", "t", "t", 0, 0,
    "the paper's low-KL construction over a grid of t",
    "--t GRID [--c C] [--a A] [--q error|sum] [--proposal none|auto|mixture|conditional|tilt|tail]",
    "  Theorem-1 policy: Q (law of X with --q error, of U with --q sum) reweighted so that\n"
    "  mass c*t^-a lies at or above t (defaults c = 1, a = 0.8; each t > 0).\n",
    construct_check_value, construct_check, construct_refuse, tt_threshold_points_cost,
    tt_threshold_points_per_point, tt_method_always, construct_record, construct_run,
    tt_exact_construct,
};
