/* method_tilt.c: KL-penalised tilting pi_beta ~ pi0 exp(U/beta), all betas
 * from one sample pass, reduced in a streaming log-sum-exp frame. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "methods.h"
#include "tailtilt/fastmath.h"
#include "sample_tile.h"


typedef struct {
    const tt_job *job;
    tt_philox_key key;
    uint32_t point;
    const double *inv_beta;
    int nb;
} tilt_ctx;

static void tilt_init(const void *vctx, void *acc)
{
    const tilt_ctx *ctx = vctx;
    tt_tilt_acc *a = acc;
    for (int b = 0; b < ctx->nb; ++b)
        tt_tilt_init(&a[b]);
}

static void tilt_merge(const void *vctx, void *dst, const void *src)
{
    const tilt_ctx *ctx = vctx;
    for (int b = 0; b < ctx->nb; ++b)
        tt_tilt_merge((tt_tilt_acc *)dst + b, (const tt_tilt_acc *)src + b);
}

/* Fold n samples into one beta's accumulator whose shift already covers
 * them: the per-sample update of accum.h (tt_tilt_add_weight) written as one
 * vectorisable loop; the lane order is fixed by the binary, so results stay
 * deterministic. */
__attribute__((noinline)) static void tilt_fold_tile(tt_tilt_acc *t, double ib, const double *u, const double *v,
                           const double *x, int n)
{
    double shift = t->shift;
    double sw = 0, swu = 0, swv = 0, swx = 0, sw2 = 0, sw2u = 0, sw2v = 0, sw2x = 0;
    double sw2uu = 0, sw2vv = 0, sw2xx = 0;
#pragma omp simd reduction(+ : sw, swu, swv, swx, sw2, sw2u, sw2v, sw2x, sw2uu, sw2vv, sw2xx)
    for (int i = 0; i < n; ++i) {
        double w = tt_exp(u[i] * ib - shift), w2 = w * w;
        sw += w;
        swu += w * u[i];
        swv += w * v[i];
        swx += w * x[i];
        sw2 += w2;
        sw2u += w2 * u[i];
        sw2v += w2 * v[i];
        sw2x += w2 * x[i];
        sw2uu += w2 * u[i] * u[i];
        sw2vv += w2 * v[i] * v[i];
        sw2xx += w2 * x[i] * x[i];
    }
    t->n += (uint64_t)n;
    t->sw += sw; t->swu += swu; t->swv += swv; t->swx += swx;
    t->sw2 += sw2; t->sw2u += sw2u; t->sw2v += sw2v; t->sw2x += sw2x;
    t->sw2uu += sw2uu; t->sw2vv += sw2vv; t->sw2xx += sw2xx;
}

/* A tile of outcomes is drawn once, then each beta folds the tile in: the
 * tile's largest log-weight moves the frame once, so the inner loop is a
 * plain exp-and-accumulate. */
static void tilt_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const tilt_ctx *ctx = vctx;
    const tt_model *m = &ctx->job->model;
    tt_tilt_acc *a = acc;
    double u[TT_TILE], v[TT_TILE], x[TT_TILE];
    for (uint32_t base = 0; base < count; base += TT_TILE) {
        int n = (int)(count - base < TT_TILE ? count - base : TT_TILE);
        tt_model_draw_tile(m, ctx->key, ctx->point, chunk, base, 1, 0, 0, n, x, v);
        double umax = -INFINITY;
        for (int i = 0; i < n; ++i) {
            u[i] = x[i] + v[i];
            umax = u[i] > umax ? u[i] : umax;
        }
        for (int b = 0; b < ctx->nb; ++b) {
            double ib = ctx->inv_beta[b];
            tt_tilt_rescale(&a[b], umax * ib);
            tilt_fold_tile(&a[b], ib, u, v, x, n);
        }
    }
}

static void tilt_finalize(const tt_job *job, const tt_tilt_acc *a, double beta, tt_record *r)
{
    double n = (double)a->n;
    double sw = a->sw;
    r->logZ = a->shift + log(sw / n);
    r->logZ_se = sqrt(fmax(0.0, a->sw2 / (sw * sw) - 1.0 / n));
    double mu[3], sf[3] = {a->swu, a->swv, a->swx}, s2f[3] = {a->sw2u, a->sw2v, a->sw2x},
           s2ff[3] = {a->sw2uu, a->sw2vv, a->sw2xx}, se[3];
    for (int k = 0; k < 3; ++k) {
        mu[k] = sf[k] / sw;
        se[k] = sqrt(fmax(0.0, s2ff[k] - 2 * mu[k] * s2f[k] + mu[k] * mu[k] * a->sw2)) / sw;
    }
    r->E_U = mu[0]; r->E_U_se = se[0];
    r->E_V = mu[1]; r->E_V_se = se[1];
    r->E_X = mu[2]; r->E_X_se = se[2];
    /* KL = E[U]/beta - log Z; influence (w/Ew)((U - E U)/beta - 1) + 1. */
    r->KL = mu[0] / beta - r->logZ;
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

int tt_tilt_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    int nb = job->ngrid;
    double *inv = malloc(sizeof(double) * (size_t)nb);
    tt_tilt_acc *res = malloc(sizeof(tt_tilt_acc) * (size_t)nb);
    if (!inv || !res) {
        free(inv);
        free(res);
        return TT_ENOMEM;
    }
    for (int b = 0; b < nb; ++b)
        inv[b] = 1.0 / job->grid[b];
    tilt_ctx ctx = {job, tt_philox_key_from_seed(job->seed), tt_point_stream(job, 0), inv, nb};
    tt_chunk_ops ops = {sizeof(tt_tilt_acc) * (size_t)nb, tilt_init, tilt_chunk, tilt_merge};
    int st = tt_engine_run(&ops, &ctx, job->samples, TT_CHUNK_SAMPLES, job->threads, pg, res, msg);
    if (st == TT_OK)
        for (int b = 0; b < nb; ++b)
            tilt_finalize(job, &res[b], job->grid[b], &recs[b]);
    free(inv);
    free(res);
    return st;
}
