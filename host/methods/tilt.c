/* tilt.c: KL-penalised tilting pi_beta ~ pi0 exp(U/beta): every beta from
 * one pass (self-normalised importance weights in a log-sum-exp frame), with
 * the regime, k-hat, first-half and batch-means diagnostics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "analysis/khat.h"
#include "core/record.h"
#include "core/stream.h"
#include "core/util.h"
#include "methods/job.h"
#include "methods/method.h"
#include "reference/exact.h"

/* The self-normalised estimates of one accumulator: E[U], E[V], E[X] and KL. */
static void tilt_means(const tt_tilt_acc *a, double beta, double mu[3], double *kl)
{
    double sw = a->sw;
    mu[0] = a->swu / sw;
    mu[1] = a->swv / sw;
    mu[2] = a->swx / sw;
    *kl = mu[0] / beta - (a->shift + log(sw / (double)a->n));
}

/* Estimates, delta-method errors, ESS and the regime of one beta. */
static void tilt_finalize(const tt_job *job, const tt_tilt_acc *a, double beta, tt_record *r)
{
    double n = (double)a->n;
    double sw = a->sw;
    r->logZ = a->shift + log(sw / n);
    r->logZ_se = sqrt(fmax(0.0, a->sw2 / (sw * sw) - 1.0 / n));
    double mu[3], s2f[3] = {a->sw2u, a->sw2v, a->sw2x}, s2ff[3] = {a->sw2uu, a->sw2vv, a->sw2xx}, se[3];
    tilt_means(a, beta, mu, &r->KL);
    for (int k = 0; k < 3; ++k)
        se[k] = sqrt(fmax(0.0, s2ff[k] - 2 * mu[k] * s2f[k] + mu[k] * mu[k] * a->sw2)) / sw;
    r->E_U = mu[0]; r->E_U_se = se[0];
    r->E_V = mu[1]; r->E_V_se = se[1];
    r->E_X = mu[2]; r->E_X_se = se[2];
    /* KL = E[U]/beta - log Z; influence (w/Ew)((U - E U)/beta - 1) + 1. */
    double c = mu[0] + beta;
    double m2 = (a->sw2uu - 2 * c * a->sw2u + c * c * a->sw2) / (beta * beta * sw * sw);
    r->KL_se = sqrt(fmax(0.0, m2 - 1.0 / n));
    r->ess = sw * sw / a->sw2;
    r->max_weight_share = 1.0 / sw; /* the largest weight is exp(shift - shift) = 1 */
    tt_record_tails(r, job);
    tt_tail_info tx, tv;
    tt_dist_tail(&job->model.error, &tx);
    tt_dist_tail(&job->model.utility, &tv);
    double s = 1.0 / beta;
    if (!(s < tx.mgf_radius) || !(s < tv.mgf_radius)) {
        char why[160];
        snprintf(why, sizeof why, "E[exp(U/beta)] is infinite: 1/beta = %g is not below the MGF radius of the %s (%g)",
                 s, !(s < tx.mgf_radius) ? "error" : "utility",
                 !(s < tx.mgf_radius) ? tx.mgf_radius : tv.mgf_radius);
        r->regime = "heavy";
        tt_record_unreliable(r, why);
    } else {
        r->regime = "light";
        if (r->ess < 100)
            tt_record_unreliable(r, "effective sample size below 100");
    }
}

/* First-half estimates (from h) and batch-means errors (from bs). */
static void tilt_stability(const tt_tilt_acc *a, const tt_tilt_acc *h, const tt_batch_sums *bs, double beta,
                           tt_record *r)
{
    if (h->n > 0) {
        double mu[3];
        tilt_means(h, beta, mu, &r->KL_half);
        r->E_U_half = mu[0];
        r->E_V_half = mu[1];
        r->E_X_half = mu[2];
    }
    if (bs->batches > 1) {
        double B = (double)bs->batches, est[3] = {r->E_U, r->E_V, r->E_X}, *out[3] = {&r->E_U_se_batch,
                                                                                    &r->E_V_se_batch, &r->E_X_se_batch};
        double sw = a->sw * exp(a->shift - bs->shift);
        for (int k = 0; k < 3; ++k) {
            double num = bs->ff[k] - 2 * est[k] * bs->wf[k] + est[k] * est[k] * bs->ww;
            *out[k] = sqrt(fmax(0.0, num) * B / (B - 1)) / sw;
        }
    }
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static int tilt_run(const tt_job *job, const tt_backend *be, tt_pass *base, tt_record *recs, char *msg)
{
    int nb = job->ngrid, diag = !job->no_diagnostics;
    double *inv = malloc(sizeof(double) * (size_t)nb);
    tt_tilt_acc *all = malloc(sizeof(tt_tilt_acc) * (size_t)nb), *half = calloc((size_t)nb, sizeof(tt_tilt_acc));
    tt_batch_sums *batch = calloc((size_t)nb, sizeof(tt_batch_sums));
    tt_khat_pool pool = {0};
    int st = inv && all && half && batch && (!diag || tt_khat_pool_init(&pool, job->samples) == TT_OK) ? TT_OK
                                                                                                        : TT_ENOMEM;
    for (int b = 0; st == TT_OK && b < nb; ++b)
        inv[b] = 1.0 / job->grid[b];
    tt_pass p = tt_pass_of(base, tt_stream_model(job), job->samples);
    tt_tilt_work w = {nb, inv, diag, all, half, batch, diag ? &pool : NULL};
    double t0 = tt_now();
    if (st == TT_OK)
        st = be->tilt(&p, &w, msg);
    if (st == TT_OK) {
        /* exact unless a full chunk list might have dropped a value above the cut */
        int exact = diag && tt_khat_pool_exact(&pool);
        if (diag)
            qsort(pool.top, pool.ntop, sizeof(double), cmp_desc);
        /* betas are independent: their k-hat fits run in parallel */
#pragma omp parallel for schedule(dynamic, 1) num_threads(p.threads)
        for (int b = 0; b < nb; ++b) {
            tt_tilt_acc *a = &all[b];
            tilt_finalize(job, a, job->grid[b], &recs[b]);
            if (diag)
                tilt_stability(a, &half[b], &batch[b], job->grid[b], &recs[b]);
            if (exact && pool.ntop >= 6)
                tt_khat_judge(&recs[b], tt_khat_of_tilt(pool.top, pool.ntop, job->grid[b]), job->samples);
        }
        st = tt_run_emit(p.run, recs, 0, nb, tt_now() - t0, job->samples, msg);
    }
    free(inv), free(all), free(half), free(batch);
    tt_khat_pool_free(&pool);
    return st;
}

static const char *tilt_check_value(const tt_job *job, double beta)
{
    (void)job;
    return beta > 0 ? NULL : "beta must be > 0";
}

static const char *tilt_refuse(const tt_job *job, int key)
{
    (void)job;
    switch (key) {
    case TT_KEY_SAMPLES: return NULL;
    case TT_KEY_TRIALS: return TT_REFUSE_TRIALS;
    case TT_KEY_ESTIMATOR: return TT_REFUSE_ESTIMATOR;
    case TT_KEY_PROPOSAL: return TT_REFUSE_PROPOSAL;
    default: return TT_REFUSE_CONSTRUCT;
    }
}

static uint64_t tilt_cost(const tt_job *job)
{
    return job->ngrid ? job->samples : 0;
}

static void tilt_record(tt_record *r, const tt_job *job, int g)
{
    r->beta = job->grid[g];
}

const tt_method_desc tt_method_tilt = {
    TT_TILT, "tilt", "beta", "beta", 0, 0,
    "KL-penalised tilting over a grid of beta", "--beta GRID",
    "  KL-penalised optimum pi ~ pi0 exp(U/beta) for each beta (> 0), by importance weighting,\n"
    "  with PSIS k-hat, first-half estimates and batch-means errors (--no-diagnostics: without).\n",
    tilt_check_value, NULL, tilt_refuse, tilt_cost, tt_method_never, tt_method_always, tilt_record, tilt_run, tt_exact_tilt,
};
