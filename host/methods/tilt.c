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

/* A beta's sums, whichever precision filled them: the weights' sum and
 * sums with U, V, X; n; the frame. */
typedef struct {
    double n, sw, swf[3], shift;
} tilt_sums;

static tilt_sums sums_of(const tt_tilt_acc *a, const tt_tilt_bacc *b)
{
    tilt_sums s;
    if (a) {
        s = (tilt_sums){(double)a->n, a->sw, {a->swu, a->swv, a->swx}, a->shift};
    } else {
        s = (tilt_sums){(double)b->n, b->sw, {b->swv + b->swx, b->swv, b->swx}, b->shift};
    }
    return s;
}

/* The self-normalised estimates: E[U], E[V], E[X] and KL. */
static void tilt_means(const tilt_sums *a, double beta, double mu[3], double *kl)
{
    for (int k = 0; k < 3; ++k)
        mu[k] = a->swf[k] / a->sw;
    *kl = mu[0] / beta - (a->shift + log(a->sw / a->n));
}

/* Delta-method errors from per-sample second moments (a double pass). */
static void tilt_errors(const tt_tilt_acc *a, double beta, const double mu[3], tt_record *r)
{
    double sw = a->sw, n = (double)a->n, s2f[3] = {a->sw2u, a->sw2v, a->sw2x}, s2ff[3] = {a->sw2uu, a->sw2vv, a->sw2xx};
    double *se[3] = {&r->E_U_se, &r->E_V_se, &r->E_X_se};
    for (int k = 0; k < 3; ++k)
        *se[k] = sqrt(fmax(0.0, s2ff[k] - 2 * mu[k] * s2f[k] + mu[k] * mu[k] * a->sw2)) / sw;
    r->logZ_se = sqrt(fmax(0.0, a->sw2 / (sw * sw) - 1.0 / n));
    /* KL = E[U]/beta - log Z; influence (w/Ew)((U - E U)/beta - 1) + 1. */
    double c = mu[0] + beta;
    double m2 = (a->sw2uu - 2 * c * a->sw2u + c * c * a->sw2) / (beta * beta * sw * sw);
    r->KL_se = sqrt(fmax(0.0, m2 - 1.0 / n));
    r->ess = sw * sw / a->sw2;
    r->max_weight_share = 1.0 / sw; /* the largest weight is exp(shift - shift) = 1 */
}

/* The same from batch totals (a single pass): the influence summed over a
 * batch, squared and summed over batches; the KL's centring term is then one
 * per batch. */
static void tilt_errors_b(const tt_tilt_bacc *a, double beta, const double mu[3], tt_record *r)
{
    double sw = a->sw, n = (double)a->n, B = (double)a->batches;
    double bwf[3] = {a->bwv + a->bwx, a->bwv, a->bwx};
    double bff[3] = {a->bvv + 2 * a->bvx + a->bxx, a->bvv, a->bxx};
    double *se[3] = {&r->E_U_se, &r->E_V_se, &r->E_X_se};
    for (int k = 0; k < 3; ++k)
        *se[k] = sqrt(fmax(0.0, bff[k] - 2 * mu[k] * bwf[k] + mu[k] * mu[k] * a->bww)) / sw;
    r->logZ_se = sqrt(fmax(0.0, a->sw2 / (sw * sw) - 1.0 / n));
    double c = mu[0] + beta;
    double m2 = (bff[0] - 2 * c * bwf[0] + c * c * a->bww) / (beta * beta * sw * sw);
    r->KL_se = sqrt(fmax(0.0, m2 - 1.0 / B));
    r->ess = sw * sw / a->sw2;
    r->max_weight_share = exp(a->amax - a->shift) / sw;
}

/* 1 when s is not below the MGF radius of the error or the utility (E[exp(sX)]
 * or E[exp(sV)] is infinite), with why: "<what> = s is not below the MGF
 * radius of the <law> (<radius>)". */
static int beyond_radius(const char *what, double s, const tt_tail_info *tx, const tt_tail_info *tv, char why[160])
{
    int x = !(s < tx->mgf_radius);
    if (!x && s < tv->mgf_radius)
        return 0;
    snprintf(why, 160, "%s = %g is not below the MGF radius of the %s (%g)", what, s, x ? "error" : "utility",
             x ? tx->mgf_radius : tv->mgf_radius);
    return 1;
}

/* Estimates, errors, ESS and the regime of one beta (a or b: the pass's
 * accumulator, double or single). */
static void tilt_finalize(const tt_job *job, const tt_tilt_acc *a, const tt_tilt_bacc *b, double beta,
                          tt_record *r)
{
    tilt_sums s = sums_of(a, b);
    double mu[3];
    r->logZ = s.shift + log(s.sw / s.n);
    tilt_means(&s, beta, mu, &r->KL);
    r->E_U = mu[0];
    r->E_V = mu[1];
    r->E_X = mu[2];
    if (a)
        tilt_errors(a, beta, mu, r);
    else
        tilt_errors_b(b, beta, mu, r);
    tt_record_tails(r, job);
    tt_tail_info tx, tv;
    tt_dist_tail(&job->model.error, &tx);
    tt_dist_tail(&job->model.utility, &tv);
    double sb = 1.0 / beta;
    char why[160];
    if (beyond_radius("E[exp(U/beta)] is infinite: 1/beta", sb, &tx, &tv, why)) {
        r->regime = "heavy";
        tt_record_unreliable(r, why);
    } else {
        r->regime = "light";
        /* the delta-method errors need E[w^2] = E[exp(2U/beta)] finite: between
         * the radius and half of it the estimates converge, slowly and with
         * errors that understate their spread (the weights' k is above 1/2) */
        if (beyond_radius("infinite variance of the weights exp(U/beta): 2/beta", 2 * sb, &tx, &tv, why))
            tt_record_unreliable(r, why);
        if (r->ess < 100)
            tt_record_unreliable(r, "effective sample size below 100");
    }
}

/* First-half estimates (from h) and batch-means errors (from bs); a: the
 * whole pass's sums. */
static void tilt_stability(const tilt_sums *a, const tilt_sums *h, const tt_batch_sums *bs, double beta,
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

static int tilt_run(const tt_job *job, const tt_backend *be, tt_pass *base, tt_record *recs, char *msg)
{
    int nb = job->ngrid, diag = !job->no_diagnostics;
    tt_pass p = tt_pass_of(base, tt_stream_model(job), job->samples);
    p.single = tt_job_single(job, TT_FLOAT_REACH);
    double *inv = malloc(sizeof(double) * (size_t)nb);
    tt_tilt_acc *all = NULL, *half = NULL;
    tt_tilt_bacc *ball = NULL, *bhalf = NULL;
    if (p.single) {
        ball = malloc(sizeof(tt_tilt_bacc) * (size_t)nb);
        bhalf = calloc((size_t)nb, sizeof(tt_tilt_bacc));
    } else {
        all = malloc(sizeof(tt_tilt_acc) * (size_t)nb);
        half = calloc((size_t)nb, sizeof(tt_tilt_acc));
    }
    tt_batch_sums *batch = calloc((size_t)nb, sizeof(tt_batch_sums));
    tt_khat_pool pool = {0};
    int st = inv && (p.single ? ball && bhalf : all && half) && batch &&
                     (!diag || tt_khat_pool_init(&pool, job->samples) == TT_OK)
                 ? TT_OK
                 : TT_ENOMEM;
    for (int b = 0; st == TT_OK && b < nb; ++b)
        inv[b] = 1.0 / job->grid[b];
    tt_tilt_work w = {nb, inv, diag, all, half, ball, bhalf, batch, diag ? &pool : NULL};
    double t0 = tt_now();
    if (st == TT_OK)
        st = be->tilt(&p, &w, msg);
    if (st == TT_OK) {
        /* fitted to the values no full chunk list can have dropped one above */
        if (diag)
            tt_khat_pool_sort(&pool);
        const char *missing = tt_khat_pool_missing(diag ? &pool : NULL);
        uint64_t certain = diag ? tt_khat_pool_certain(&pool) : 0;
        /* betas are independent: their k-hat fits run in parallel */
#pragma omp parallel for schedule(dynamic, 1) num_threads(p.threads)
        for (int b = 0; b < nb; ++b) {
            tilt_finalize(job, all ? &all[b] : NULL, ball ? &ball[b] : NULL, job->grid[b], &recs[b]);
            if (diag) {
                tilt_sums whole = sums_of(all ? &all[b] : NULL, ball ? &ball[b] : NULL);
                tilt_sums first = sums_of(half ? &half[b] : NULL, bhalf ? &bhalf[b] : NULL);
                tilt_stability(&whole, &first, &batch[b], job->grid[b], &recs[b]);
            }
            tt_khat_judge(&recs[b], missing ? NAN : tt_khat_of_tilt(pool.top, certain, job->grid[b]), job->samples,
                          missing);
        }
        tt_records_precision(recs, 0, nb, p.single);
        st = tt_run_emit(p.run, recs, 0, nb, tt_now() - t0, job->samples, msg);
    }
    free(inv), free(all), free(half), free(ball), free(bhalf), free(batch);
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
    "  with PSIS k-hat, first-half estimates and batch-means errors (--no-diagnostics: without, and unreliable).\n",
    tilt_check_value, NULL, tilt_refuse, tilt_cost, tt_method_never, tt_method_always, tilt_record, tilt_run, tt_exact_tilt,
};
