/* bon_weighted.c: best-of-N for all N from one set of S samples sorted by U:
 * E[f*] = sum_i (F_i^N - F_(i-1)^N) f_(i), F the empirical CDF (with
 * importance weights when a proposal puts more samples in the upper tail),
 * standard errors from R disjoint sample sets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/record.h"
#include "core/stream.h"
#include "core/util.h"
#include "methods/bon_weighted.h"
#include "methods/proposals.h"
#include "reference/exact.h"

/* The proposal of the sample set: the best of N lives in the top 1/N of U,
 * so a proposal is needed where that is rare for the largest N of the grid
 * (auto: where P(U >= u_(1/N)) < 1e-2), and it must cover all the range where
 * the best of every N lives, from the top 30/N_max up (below it with
 * probability e^-30): the level of its components. */
static int set_proposal(const tt_job *job, tt_proposal *prop, char *msg)
{
    memset(prop, 0, sizeof *prop);
    prop->alpha_base = 1.0;
    if (job->proposal == TT_PROPOSAL_NONE)
        return TT_OK;
    double nmax = 1;
    for (int g = 0; g < job->ngrid; ++g)
        nmax = fmax(nmax, job->grid[g]);
    int kind = job->proposal;
    if (kind == TT_PROPOSAL_AUTO)
        kind = 1.0 / nmax > 1e-2 ? TT_PROPOSAL_NONE : TT_PROPOSAL_MIXTURE;
    double level = tt_sum_upper_quantile(&job->model, fmin(30.0 / nmax, 0.5));
    return tt_proposal_choose(job, isfinite(level) ? level : 0.0, 0, kind, prop, NULL, msg);
}

/* The records from the full set's sums, the replicates' and the samples
 * near the top of the mass. */
static void weighted_records(const tt_job *job, const tt_proposal *prop, const double *full, const double *rep,
                             const uint64_t *near, tt_record *recs)
{
    int ng = job->ngrid, R = TT_BON_REPLICATES;
    for (int g = 0; g < ng; ++g) {
        tt_record *rec = &recs[g];
        double N = job->grid[g];
        rec->proposal = job->proposal != TT_PROPOSAL_NONE ? tt_proposal_name(prop->kind) : NULL;
        double *est[3] = {&rec->E_U, &rec->E_V, &rec->E_X}, *se[3] = {&rec->E_U_se, &rec->E_V_se, &rec->E_X_se};
        for (int q = 0; q < 3; ++q) {
            double m = 0, ss = 0;
            for (int r = 0; r < R; ++r)
                m += rep[((size_t)r * (size_t)ng + (size_t)g) * 3 + (size_t)q];
            m /= R;
            for (int r = 0; r < R; ++r) {
                double d = rep[((size_t)r * (size_t)ng + (size_t)g) * 3 + (size_t)q] - m;
                ss += d * d;
            }
            *est[q] = full[(size_t)g * 3 + (size_t)q];
            /* the spread of R estimates from S/R samples each, scaled to S samples */
            *se[q] = sqrt(ss / (R - 1)) / sqrt((double)R);
        }
        rec->KL = log(N) - (N - 1) / N;
        rec->KL_se = 0.0;
        tt_record_tails(rec, job);
        /* the best of N lives in the top 1/N of the mass: each replicate set
         * needs samples there, else the estimator resamples a few draws */
        if (near[g] < 100ull * R) {
            char why[220];
            snprintf(why, sizeof why, "N = %g is comparable to the sample set: only %llu samples in the top 10/N of "
                     "the mass (%d needed); raise --samples or use --proposal auto", N, (unsigned long long)near[g],
                     100 * R);
            tt_record_unreliable(rec, why);
        }
    }
}

int tt_bon_weighted_check(const tt_job *job, char *msg)
{
    uint64_t S = job->samples;
    if (S > TT_BON_WEIGHTED_MAX) {
        snprintf(msg, TT_MSG_LEN, "invalid samples %llu: the weighted estimator keeps every sample in memory, "
                 "at most 1e8", (unsigned long long)S);
        return TT_EINVAL;
    }
    if (S < 10 * TT_BON_REPLICATES) {
        snprintf(msg, TT_MSG_LEN, "invalid samples %llu: the weighted estimator needs at least %d (10 per "
                 "replicate set)", (unsigned long long)S, 10 * TT_BON_REPLICATES);
        return TT_EINVAL;
    }
    if (job->proposal == TT_PROPOSAL_CONDITIONAL) {
        snprintf(msg, TT_MSG_LEN, "the weighted estimator draws a sample set: it takes none, auto, tilt, tail or "
                 "mixture, not conditional");
        return TT_EINVAL;
    }
    tt_proposal prop;
    return job->proposal == TT_PROPOSAL_NONE || job->proposal == TT_PROPOSAL_AUTO
               ? TT_OK
               : tt_proposal_choose(job, job->grid[0], 0, job->proposal, &prop, NULL, msg);
}

int tt_bon_weighted_run(const tt_job *job, const tt_backend *be, tt_pass *base, tt_record *recs, char *msg)
{
    uint64_t S = job->samples;
    int st = tt_bon_weighted_check(job, msg);
    if (st != TT_OK)
        return st;
    tt_proposal prop;
    st = set_proposal(job, &prop, msg);
    if (st != TT_OK)
        return st;
    int ng = job->ngrid, R = TT_BON_REPLICATES;
    double *full = calloc((size_t)ng * 3, sizeof(double)), *rep = calloc((size_t)R * (size_t)ng * 3, sizeof(double));
    uint64_t *near = calloc((size_t)ng, sizeof(uint64_t));
    tt_pass p = tt_pass_of(base, tt_stream_sample_set(job), S);
    tt_sample_set_work w = {&prop, job->grid, ng, R, full, rep, near};
    double t0 = tt_now();
    st = full && rep && near ? be->sample_set(&p, &w, msg) : TT_ENOMEM;
    if (st == TT_OK) {
        weighted_records(job, &prop, full, rep, near, recs);
        tt_records_precision(recs, 0, ng, 0); /* one sorted set, weights and all, in double */
        st = tt_run_emit(p.run, recs, 0, ng, tt_now() - t0, S, msg);
    }
    free(full), free(rep), free(near);
    return st;
}
