/* method_construct.c: the paper's Theorem-1 policy P: Q (the law of X, or
 * of U) reweighted so that mass p = c t^-a lies at or above t, by Monte Carlo. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "methods/methods.h"
#include "reference/exact.h"

/* E_Q[w f] and its standard error with w = wlo below t and whi above. */
static void weighted_mean(double wlo, double slo, double sslo, double whi, double shi, double sshi,
                          double n, double *mean, double *se)
{
    *mean = (wlo * slo + whi * shi) / n;
    double m2 = (wlo * wlo * sslo + whi * whi * sshi) / n;
    *se = sqrt(fmax(0.0, m2 - *mean * *mean) / (n - 1));
}

void tt_construct_finalize(const tt_job *job, const tt_sums3 *all, const tt_sums3 *hi,
                               double t, tt_record *r)
{
    char msg[TT_MSG_LEN];
    double p = job->c * pow(t, -job->a);
    r->P = p;
    r->P_se = 0.0;
    r->exceedances = (int64_t)hi->n;
    tt_record_tails(r, job);
    double qbar;
    if (tt_exact_upper_tail(&job->model, job->q_is_sum, t, &qbar, msg) != TT_OK || !(qbar > 0 && qbar < 1)) {
        tt_record_unreliable(r, "Q(Y >= t) is 0 or 1 or could not be computed: no construction at this t");
        return;
    }
    double wlo = (1 - p) / (1 - qbar), whi = p / qbar;
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

int tt_construct_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    if (job->proposal != TT_PROPOSAL_NONE)
        return tt_is_run(job, recs, pg, msg);
    return tt_binned_points(job, !job->q_is_sum, tt_construct_finalize, recs, pg, msg);
}
