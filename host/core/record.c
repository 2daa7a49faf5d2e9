/* record.c: the result record: its defaults, the fields shared by every
 * method (tails, reliability), and the point hash used to match records. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "methods/methods.h"
#include "core/util.h"

void tt_record_init(tt_record *r, const tt_job *job, int g)
{
    memset(r, 0, sizeof *r);
    r->method = tt_method_name(job->method);
    snprintf(r->error, sizeof r->error, "%s", job->error_spec);
    snprintf(r->utility, sizeof r->utility, "%s", job->utility_spec);
    r->beta = r->t = r->n = r->c = r->a = NAN;
    r->q = job->method == TT_CONSTRUCT ? (job->q_is_sum ? "sum" : "error") : NULL;
    r->samples = job->method == TT_BON ? -1 : (int64_t)job->samples;
    r->trials = job->method == TT_BON ? (int64_t)job->trials : -1;
    r->seed = (int64_t)job->seed;
    double *d[] = {&r->E_U, &r->E_U_se, &r->E_V, &r->E_V_se, &r->E_X, &r->E_X_se, &r->KL, &r->KL_se,
                   &r->P, &r->P_se, &r->logZ, &r->logZ_se, &r->ess, &r->max_weight_share,
                   &r->wall_s, &r->samples_per_s, &r->khat, &r->E_U_half, &r->E_V_half, &r->E_X_half,
                   &r->KL_half, &r->E_U_se_batch, &r->E_V_se_batch, &r->E_X_se_batch, &r->E_V_chunk_sd};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; ++i)
        *d[i] = NAN;
    r->exceedances = -1;
    r->reliable = 1;
    r->threads = -1;
    r->rank = -1;
    snprintf(r->config_hash, sizeof r->config_hash, "%s", job->config_hash);
    r->backend = "cpu";
    r->reference = NULL;
    r->estimator = job->method == TT_BON ? (job->weighted ? "weighted" : "tournament") : NULL;
    r->proposal = (job->method == TT_THRESHOLD || job->method == TT_CONSTRUCT || (job->method == TT_BON && job->weighted)) &&
                          job->proposal != TT_PROPOSAL_NONE
                      ? tt_proposal_name(job->proposal)
                      : NULL; /* the pass replaces a request of auto by its choice */
    double x = job->grid[g];
    switch (job->method) {
    case TT_TILT: r->beta = x; break;
    case TT_THRESHOLD: r->t = x; break;
    case TT_BON:
        r->n = x;
        if (job->weighted) { /* one set of `samples` draws serves every N */
            r->samples = (int64_t)job->samples;
            r->trials = -1;
        } else
            r->samples = (int64_t)(job->trials * (uint64_t)x);
        break;
    default:
        r->t = x;
        r->c = job->c;
        r->a = job->a;
        break;
    }
    tt_record_hash(r, r->point_hash, sizeof r->point_hash);
}

void tt_record_mark_exact(tt_record *r, const char *reference)
{
    r->backend = "exact";
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
