/* method_tilt.c: KL-penalised tilting pi_beta ~ pi0 exp(U/beta), all betas
 * from one sample pass, reduced in a streaming log-sum-exp frame. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "methods/methods.h"
#include "tailtilt/fastmath.h"
#include "backends/sample_tile.h"
#include "analysis/tail_stats.h"
#include "core/topk.h"

/* Largest U values kept per chunk for k-hat. A chunk of 2^16 samples holds on
 * average 2^16 (M+1)/S of the global top M+1; it keeps four times that plus
 * 64 (at most 4096), and the run checks that no chunk was short. */
int tt_tilt_topk_per_chunk(uint64_t S, uint64_t m1)
{
    double expected = (double)TT_CHUNK_SAMPLES * (double)m1 / (double)S;
    double k = 4 * expected + 64;
    return k > 4096 ? 4096 : (int)k;
}

typedef struct {
    const tt_job *job;
    tt_philox_key key;
    uint32_t point;
    const double *inv_beta;
    int nb;
    int topk;              /* per-chunk top-U capacity (0: no diagnostics) */
} tilt_ctx;

/* A chunk's accumulator: the betas' sums, then its largest U values. */
typedef struct {
    uint64_t count;
    double heap[];
} topk_list;

static topk_list *chunk_topk(const tilt_ctx *ctx, void *acc)
{
    return (topk_list *)((char *)acc + sizeof(tt_tilt_acc) * (size_t)ctx->nb);
}

typedef tt_batch_sums batch_sums;

typedef struct {
    const tilt_ctx *ctx;
    uint32_t half;          /* chunks below this index form the first half */
    tt_tilt_acc *half_acc;  /* nb */
    batch_sums *batch;      /* nb */
    double *top;            /* global top M+1 U values (min-heap) */
    uint64_t ntop, cap;
    double kth_max;         /* largest K-th value of a chunk whose list was full */
} tilt_state;

static void tilt_init(const void *vctx, void *acc)
{
    const tilt_ctx *ctx = vctx;
    tt_tilt_acc *a = acc;
    for (int b = 0; b < ctx->nb; ++b)
        tt_tilt_init(&a[b]);
    if (ctx->topk)
        chunk_topk(ctx, acc)->count = 0;
}

static void batch_add(batch_sums *s, const tt_tilt_acc *c)
{
    batch_sums chunk;
    tt_batch_of_chunk(&chunk, c);
    tt_batch_merge(s, &chunk);
}

/* Every chunk, in chunk order: its top U values into the global top M+1,
 * its sums into the first-half accumulators and the batch sums. */
static void tilt_collect(void *vstate, uint32_t chunk, const void *acc)
{
    tilt_state *st = vstate;
    const tilt_ctx *ctx = st->ctx;
    const tt_tilt_acc *a = acc;
    for (int b = 0; b < ctx->nb; ++b) {
        if (chunk < st->half)
            tt_tilt_merge(&st->half_acc[b], &a[b]);
        batch_add(&st->batch[b], &a[b]);
    }
    const topk_list *t = chunk_topk(ctx, (void *)acc);
    for (uint64_t i = 0; i < t->count; ++i)
        tt_topk_offer(st->top, &st->ntop, st->cap, t->heap[i]);
    if (t->count == (uint64_t)ctx->topk && t->heap[0] > st->kth_max)
        st->kth_max = t->heap[0];
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
        if (ctx->topk) {
            topk_list *t = chunk_topk(ctx, acc);
            for (int i = 0; i < n; ++i)
                if (t->count < (uint64_t)ctx->topk || u[i] > t->heap[0])
                    tt_topk_offer(t->heap, &t->count, (uint64_t)ctx->topk, u[i]);
        }
        for (int b = 0; b < ctx->nb; ++b) {
            double ib = ctx->inv_beta[b];
            tt_tilt_rescale(&a[b], umax * ib);
            tilt_fold_tile(&a[b], ib, u, v, x, n);
        }
    }
}

/* The self-normalised estimates of one accumulator: E[U], E[V], E[X] and KL. */
static void tilt_means(const tt_tilt_acc *a, double beta, double mu[3], double *kl)
{
    double sw = a->sw;
    mu[0] = a->swu / sw;
    mu[1] = a->swv / sw;
    mu[2] = a->swx / sw;
    *kl = mu[0] / beta - (a->shift + log(sw / (double)a->n));
}

void tt_tilt_finalize(const tt_job *job, const tt_tilt_acc *a, double beta, tt_record *r)
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

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* PSIS k-hat of beta's weights from the top M+1 values of U (sorted
 * decreasing): a generalized Pareto fit to the M largest weights above the
 * (M+1)-th, in the frame of the largest. */
static double tilt_khat(const double *top, uint64_t m1, double beta)
{
    uint64_t M = m1 - 1;
    double *e = malloc(sizeof(double) * M);
    double cut = exp((top[M] - top[0]) / beta);
    for (uint64_t i = 0; i < M; ++i) /* increasing */
        e[i] = exp((top[M - 1 - i] - top[0]) / beta) - cut;
    for (uint64_t i = 0; i < M; ++i) /* ties at the cut: a tiny positive exceedance */
        if (!(e[i] > 0)) e[i] = 1e-300;
    double k = NAN, sigma;
    if (e[M - 1] > 1e-290)
        tt_gpd_fit(e, M, &k, &sigma);
    free(e);
    return k;
}

void tt_tilt_stability(const tt_tilt_acc *a, const tt_tilt_acc *h, const tt_batch_sums *bs, double beta,
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

uint64_t tt_tilt_khat_cap(uint64_t samples)
{
    double S = (double)samples;
    return (uint64_t)ceil(fmin(0.2 * S, 3 * sqrt(S))) + 1;
}

void tt_tilt_khat_record(const tt_job *job, const double *top, uint64_t ntop, double beta, tt_record *r)
{
    if (ntop < 6)
        return;
    r->khat = tilt_khat(top, ntop, beta);
    double S = (double)job->samples, kmax = fmin(1 - 1 / log10(S), 0.7);
    if (r->khat >= kmax) {
        char why[160];
        snprintf(why, sizeof why, "k-hat %.2f >= %.2f: the largest weights dominate (PSIS diagnostic)", r->khat, kmax);
        tt_record_unreliable(r, why);
    }
}

/* Diagnostics of one beta: first-half estimates, batch-means errors, k-hat. */
static void tilt_diagnose(const tt_job *job, const tilt_state *st, const tt_tilt_acc *a, int b, double beta,
                          const double *top, int top_exact, tt_record *r)
{
    tt_tilt_stability(a, &st->half_acc[b], &st->batch[b], beta, r);
    if (top_exact)
        tt_tilt_khat_record(job, top, st->ntop, beta, r);
}

int tt_tilt_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    int nb = job->ngrid;
    int diag = !job->no_diagnostics;
    double S = (double)job->samples;
    uint64_t cap = diag ? tt_tilt_khat_cap(job->samples) : 0;
    (void)S;
    int topk = diag ? tt_tilt_topk_per_chunk(job->samples, cap) : 0;
    tilt_ctx ctx = {job, tt_philox_key_from_seed(job->seed), tt_point_stream(job, 0), NULL, nb, topk};
    size_t acc_size = sizeof(tt_tilt_acc) * (size_t)nb + (diag ? sizeof(topk_list) + sizeof(double) * (size_t)topk : 0);
    double *inv = malloc(sizeof(double) * (size_t)nb);
    void *res = malloc(acc_size);
    tilt_state st = {&ctx, 0, calloc((size_t)nb, sizeof(tt_tilt_acc)), calloc((size_t)nb, sizeof(batch_sums)),
                     malloc(sizeof(double) * (cap ? cap : 1)), 0, cap, -INFINITY};
    if (!inv || !res || !st.half_acc || !st.batch || !st.top) {
        free(inv); free(res); free(st.half_acc); free(st.batch); free(st.top);
        return TT_ENOMEM;
    }
    for (int b = 0; b < nb; ++b) {
        inv[b] = 1.0 / job->grid[b];
        tt_tilt_init(&st.half_acc[b]);
        tt_batch_init(&st.batch[b]);
    }
    ctx.inv_beta = inv;
    uint64_t nchunks = (job->samples + TT_CHUNK_SAMPLES - 1) / TT_CHUNK_SAMPLES;
    st.half = (uint32_t)((nchunks + 1) / 2);
    tt_chunk_ops ops = {acc_size, tilt_init, tilt_chunk, tilt_merge, diag ? tilt_collect : NULL, &st};
    int status = tt_engine_run(&ops, &ctx, job->samples, TT_CHUNK_SAMPLES, job->threads, pg, res, msg);
    if (status == TT_OK) {
        qsort(st.top, st.ntop, sizeof(double), cmp_desc);
        /* exact unless a full chunk list might have dropped a value above the cut */
        int exact = st.ntop > 0 && st.kth_max < st.top[st.ntop - 1];
        /* betas are independent: their fits run in parallel */
#pragma omp parallel for schedule(dynamic, 1) num_threads(tt_resolve_threads(job->threads))
        for (int b = 0; b < nb; ++b) {
            tt_tilt_finalize(job, (const tt_tilt_acc *)res + b, job->grid[b], &recs[b]);
            if (diag)
                tilt_diagnose(job, &st, (const tt_tilt_acc *)res + b, b, job->grid[b], st.top, exact, &recs[b]);
        }
    }
    free(inv); free(res); free(st.half_acc); free(st.batch); free(st.top);
    return status;
}
