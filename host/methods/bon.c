/* bon.c: best-of-N: E[V*], E[X*], E[U*] of the draw of largest U among N,
 * KL = log N - (N-1)/N; by tournaments (one pass per N) or, with
 * --estimator weighted, every N from one sorted sample set (bon_weighted.c). */
#include <math.h>
#include "core/record.h"
#include "core/stream.h"
#include "core/util.h"
#include "methods/job.h"
#include "methods/method.h"
#include "methods/bon_weighted.h"
#include "reference/exact.h"

static void bon_finalize(const tt_job *job, const tt_sums3 *s, const tt_spread *spread, uint32_t n, tt_record *r)
{
    if (spread->chunks > 1) {
        double c = (double)spread->chunks, m = spread->s / c;
        r->E_V_chunk_sd = sqrt(fmax(0.0, (spread->ss - c * m * m) / (c - 1)));
    }
    double k = (double)s->n;
    tt_mean_se(s->su, s->suu, k, &r->E_U, &r->E_U_se);
    tt_mean_se(s->sv, s->svv, k, &r->E_V, &r->E_V_se);
    tt_mean_se(s->sx, s->sxx, k, &r->E_X, &r->E_X_se);
    r->KL = log((double)n) - (double)(n - 1) / n;
    r->KL_se = 0.0;
    tt_record_tails(r, job);
    if (job->trials < 30)
        tt_record_unreliable(r, "fewer than 30 trials");
}

static int bon_run(const tt_job *job, const tt_backend *be, tt_pass *base, tt_record *recs, char *msg)
{
    if (job->weighted)
        return tt_bon_weighted_run(job, be, base, recs, msg);
    for (int g = 0; g < job->ngrid; ++g) {
        uint32_t n = (uint32_t)job->grid[g];
        tt_pass p = tt_pass_of(base, tt_stream_model_n(job, job->grid[g]), job->trials);
        p.single = tt_job_single(job, TT_FLOAT_REACH);
        tt_tournament_work w = {0};
        w.n = n;
        double t0 = tt_now();
        int st = be->tournament(&p, &w, msg);
        if (st != TT_OK)
            return st;
        bon_finalize(job, &w.sums, &w.spread, n, &recs[g]);
        tt_records_precision(recs, g, 1, p.single);
        st = tt_run_emit(p.run, recs, g, 1, tt_now() - t0, job->trials * (uint64_t)n, msg);
        if (st != TT_OK)
            return st;
    }
    return TT_OK;
}

static const char *bon_check_value(const tt_job *job, double n)
{
    (void)job;
    return n >= 1 && n <= 1073741824.0 && n == floor(n) ? NULL : "N must be a whole number from 1 to 2^30";
}

/* The weighted estimator's sample set: its bounds, and its proposal. */
static int bon_check(const tt_job *job, char *msg)
{
    return job->weighted ? tt_bon_weighted_check(job, msg) : TT_OK;
}

static const char *bon_refuse(const tt_job *job, int key)
{
    switch (key) {
    case TT_KEY_ESTIMATOR: return NULL;
    case TT_KEY_SAMPLES:
        return job->weighted ? NULL : "bon takes trials (samples are trials*N per point), not samples (unless the "
                                      "estimator is weighted)";
    case TT_KEY_TRIALS:
        return job->weighted ? "bon with the weighted estimator takes samples (one sample set for every N), not trials"
                             : NULL;
    case TT_KEY_PROPOSAL: return job->weighted ? NULL : TT_REFUSE_PROPOSAL;
    default: return TT_REFUSE_CONSTRUCT;
    }
}

static uint64_t bon_cost(const tt_job *job)
{
    if (job->weighted)
        return job->ngrid ? job->samples : 0; /* one sample set for every N */
    uint64_t s = 0;
    for (int g = 0; g < job->ngrid; ++g)
        s += job->trials * (uint64_t)job->grid[g];
    return s;
}

static int bon_per_point(const tt_job *job)
{
    return !job->weighted;
}

static int bon_splittable(const tt_job *job)
{
    return !job->weighted; /* the sample set is drawn and sorted in one process */
}

static void bon_record(tt_record *r, const tt_job *job, int g)
{
    double n = job->grid[g];
    r->n = n;
    r->estimator = job->weighted ? "weighted" : "tournament";
    if (job->weighted) { /* one set of `samples` draws serves every N */
        r->samples = (int64_t)job->samples;
        r->trials = -1;
        r->proposal = job->proposal != TT_PROPOSAL_NONE ? tt_proposal_name(job->proposal) : NULL;
    } else {
        r->samples = (int64_t)(job->trials * (uint64_t)n);
        r->trials = (int64_t)job->trials;
    }
}

const tt_method_desc tt_method_bon = {
    TT_BON, "bon", "n", "N", 1, 1,
    "best-of-N over a grid of N",
    "--n GRID [--trials K | --estimator weighted --samples S [--proposal none|auto|mixture|tilt|tail]]",
    "  Best of N draws by U, for each N (whole numbers >= 1), over K trials (default 1000).\n"
    "  --estimator weighted: every N from one set of S samples sorted by U (weights\n"
    "  (i/S)^N - ((i-1)/S)^N), standard errors from 16 disjoint sets; flagged where N ~ S;\n"
    "  --proposal auto|mixture|tilt|tail draws that set from an importance-sampling proposal.\n",
    bon_check_value, bon_check, bon_refuse, bon_cost, bon_per_point, bon_splittable, bon_record, bon_run, tt_exact_bon,
};
