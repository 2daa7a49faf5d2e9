/* record.c: the result record: the fields every method shares, tails and
 * reliability, and sealing it with its point hash. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/record.h"

void tt_record_start(tt_record *r, const tt_job *job, const char *method)
{
    memset(r, 0, sizeof *r);
    r->method = method;
    snprintf(r->error, sizeof r->error, "%s", job->error_spec);
    snprintf(r->utility, sizeof r->utility, "%s", job->utility_spec);
    r->beta = r->t = r->n = r->c = r->a = NAN;
    r->q = NULL;
    r->samples = (int64_t)job->samples;
    r->trials = -1;
    r->seed = job->seed;
    double *d[] = {&r->E_U, &r->E_U_se, &r->E_V, &r->E_V_se, &r->E_X, &r->E_X_se, &r->KL, &r->KL_se,
                   &r->P, &r->P_se, &r->logZ, &r->logZ_se, &r->ess, &r->max_weight_share,
                   &r->wall_s, &r->samples_per_s, &r->khat, &r->E_U_half, &r->E_V_half, &r->E_X_half,
                   &r->KL_half, &r->E_U_se_batch, &r->E_V_se_batch, &r->E_X_se_batch, &r->E_V_chunk_sd,
                   &r->P_xlead, &r->P_xlead_se, &r->P_vlead, &r->P_vlead_se, &r->P_xlead_ref, &r->P_vlead_ref};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; ++i)
        *d[i] = NAN;
    r->exceedances = -1;
    r->reliable = 1;
    r->threads = -1;
    r->rank = -1;
    snprintf(r->config_hash, sizeof r->config_hash, "%s", job->config_hash);
    r->backend = "cpu";
    r->precision = tt_precision_name(job->precision);
    r->reference = NULL;
    r->estimator = NULL;
    r->proposal = NULL;
}

void tt_record_seal(tt_record *r)
{
    tt_record_hash(r, r->point_hash, sizeof r->point_hash);
}

void tt_record_mark_exact(tt_record *r, const char *reference)
{
    r->backend = "exact";
    r->precision = NULL; /* a reference value has no sampling precision */
    r->reference = reference;
    tt_record_hash(r, r->point_hash, sizeof r->point_hash);
}

void tt_record_unreliable(tt_record *r, const char *reason)
{
    if (r->reliable == 1 || r->unreliable_reason[0] == '\0')
        snprintf(r->unreliable_reason, sizeof r->unreliable_reason, "%s", reason);
    r->reliable = 0;
}

/* regime (tilt overrides it): whether the error's upper tail is heavy, the
 * paper's condition; the standard errors need finite variances. */
void tt_record_tails(tt_record *r, const tt_job *job)
{
    tt_tail_info tx, tv;
    tt_dist_tail(&job->model.error, &tx);
    tt_dist_tail(&job->model.utility, &tv);
    r->error_tail = tx.heavy ? "heavy" : "light";
    r->utility_tail = tv.heavy ? "heavy" : "light";
    r->regime = tx.heavy ? "heavy" : "light";
    if (!(tx.moments_below > 1) || !(tv.moments_below > 1))
        tt_record_unreliable(r, !(tx.moments_below > 1)
                                    ? "the error has an infinite mean: expectations that involve it do not exist"
                                    : "the utility has an infinite mean: expectations that involve it do not exist");
    if (!(tx.moments_below > 2) || !(tv.moments_below > 2))
        tt_record_unreliable(r, !(tx.moments_below > 2)
                                    ? "the error has infinite variance: standard errors are not meaningful"
                                    : "the utility has infinite variance: standard errors are not meaningful");
}

void tt_mean_se(double s, double ss, double n, double *mean, double *se)
{
    if (!(n > 0)) {
        *mean = *se = NAN;
        return;
    }
    *mean = s / n;
    *se = n > 1 ? sqrt(fmax(0.0, (ss - n * *mean * *mean) / (n - 1)) / n) : NAN;
}

void tt_record_check_numbers(tt_record *r, const tt_job *job)
{
    if (r->P == 0 && !isnan(r->t)) /* before the means: they are nan because of it */
        tt_record_unreliable(r, !strcmp(r->backend, "exact")
                                    ? "P(U >= t) underflows double precision (below 1e-308): it prints as 0"
                                    : "no sample at or above t (P estimated as 0)");
    if (r->KL < 0)
        tt_record_unreliable(r, "the KL estimate is negative, which a KL divergence never is: too few samples "
                                "at or above t");
    double *est[4] = {&r->E_U, &r->E_V, &r->E_X, &r->KL};
    for (int k = 0; k < 4; ++k)
        if (!isfinite(*est[k])) {
            double lx = fabs(job->model.error.loc) + job->model.error.scale;
            double lv = fabs(job->model.utility.loc) + job->model.utility.scale;
            tt_record_unreliable(r, !isfinite(lx + lv) || lx + lv > 1e300
                                        ? "U overflows double precision (the laws' loc and scale are too large)"
                                        : "an estimate is not a finite number");
            break;
        }
}
