/* tilt.c (cpu): the tilting pass: a tile of outcomes drawn once, folded
 * into every beta's log-sum-exp accumulator (double: per-sample sums; single:
 * the tile is a batch, summed in float); per chunk, its largest U values and
 * (collected in chunk order) the first-half and batch sums. */
#include <math.h>
#include <stdlib.h>
#include "backends/cpu/passes.h"
#include "backends/cpu/sample_tile.h"
#include "core/engine.h"
#include "core/topk.h"

#define MOST_PER_CHUNK 4096 /* largest U values a chunk keeps, at most */

/* A single pass's batch is a tile: the device's threads take the same ones. */
_Static_assert(TT_TILE == TT_BATCH, "a tile is a batch");

typedef struct {
    const tt_pass *pass;
    const double *inv_beta;
    int nb;
    int topk;              /* per-chunk top-U capacity (0: no diagnostics) */
    size_t beta_bytes;     /* one beta's accumulator: tt_tilt_acc or tt_tilt_bacc */
} tilt_ctx;

/* A chunk's accumulator: the betas' sums, then its largest U values. */
typedef struct {
    uint64_t count;
    double heap[];
} topk_list;

static topk_list *chunk_topk(const tilt_ctx *ctx, void *acc)
{
    return (topk_list *)((char *)acc + ctx->beta_bytes * (size_t)ctx->nb);
}

typedef struct {
    const tilt_ctx *ctx;
    uint32_t half;          /* chunks below this index form the first half */
    tt_tilt_work *w;
} tilt_state;

static void tilt_init(const void *vctx, void *acc)
{
    const tilt_ctx *ctx = vctx;
    for (int b = 0; b < ctx->nb; ++b) {
        if (ctx->pass->single)
            tt_tilt_bacc_init((tt_tilt_bacc *)acc + b);
        else
            tt_tilt_init((tt_tilt_acc *)acc + b);
    }
    if (ctx->topk)
        chunk_topk(ctx, acc)->count = 0;
}

/* Every chunk, in chunk order: its top U values into the pass's pool, its
 * sums into the first-half accumulators (a left fold) and the batch sums. */
static void tilt_collect(void *vstate, uint32_t chunk, const void *acc)
{
    tilt_state *st = vstate;
    const tilt_ctx *ctx = st->ctx;
    for (int b = 0; b < ctx->nb; ++b) {
        tt_batch_sums one;
        if (ctx->pass->single) {
            const tt_tilt_bacc *a = (const tt_tilt_bacc *)acc + b;
            if (chunk < st->half)
                tt_tilt_bacc_merge(&st->w->bhalf[b], a);
            tt_batch_of_chunk_b(&one, a);
        } else {
            const tt_tilt_acc *a = (const tt_tilt_acc *)acc + b;
            if (chunk < st->half)
                tt_tilt_merge(&st->w->half[b], a);
            tt_batch_of_chunk(&one, a);
        }
        tt_batch_merge(&st->w->batch[b], &one);
    }
    const topk_list *t = chunk_topk(ctx, (void *)acc);
    tt_khat_pool_offer(st->w->pool, t->heap, t->count, t->count == (uint64_t)ctx->topk,
                       t->count ? t->heap[0] : -INFINITY);
}

static void tilt_merge(const void *vctx, void *dst, const void *src)
{
    const tilt_ctx *ctx = vctx;
    for (int b = 0; b < ctx->nb; ++b) {
        if (ctx->pass->single)
            tt_tilt_bacc_merge((tt_tilt_bacc *)dst + b, (const tt_tilt_bacc *)src + b);
        else
            tt_tilt_merge((tt_tilt_acc *)dst + b, (const tt_tilt_acc *)src + b);
    }
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

/* A tile as one batch of a single-precision pass: its weights in float, in
 * the frame of its largest U (so the largest weight is 1), four float sums,
 * then the batch into the double accumulator. */
__attribute__((noinline)) static void tilt_fold_batch(tt_tilt_bacc *t, float ib, float umax, const float *u,
                                                      const float *v, const float *x, int n)
{
    float shift = ib * umax;
    float sw = 0, swv = 0, swx = 0, sw2 = 0;
#pragma omp simd reduction(+ : sw, swv, swx, sw2)
    for (int i = 0; i < n; ++i) {
        float w = tt_exp_f(ib * u[i] - shift);
        sw += w;
        swv += w * v[i];
        swx += w * x[i];
        sw2 += w * w;
    }
    tt_tilt_bacc_add_batch(t, (uint64_t)n, shift, shift, sw, swv, swx, sw2);
}

/* The tile's largest U values into the chunk's list (k-hat). */
static void offer_top(const tilt_ctx *ctx, void *acc, const double *u, const float *uf, int n)
{
    topk_list *t = chunk_topk(ctx, acc);
    for (int i = 0; i < n; ++i) {
        double ui = u ? u[i] : (double)uf[i];
        if (t->count < (uint64_t)ctx->topk || ui > t->heap[0])
            tt_topk_offer(t->heap, &t->count, (uint64_t)ctx->topk, ui);
    }
}

/* A tile of outcomes is drawn once, then each beta folds the tile in: the
 * tile's largest log-weight moves the frame once, so the inner loop is a
 * plain exp-and-accumulate. */
static void tilt_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const tilt_ctx *ctx = vctx;
    const tt_pass *p = ctx->pass;
    double u[TT_TILE], v[TT_TILE], x[TT_TILE];
    float uf[TT_TILE], vf[TT_TILE], xf[TT_TILE];
    for (uint32_t base = 0; base < count; base += TT_TILE) {
        int n = (int)(count - base < TT_TILE ? count - base : TT_TILE);
        if (p->single) {
            tt_model_draw_tile_f(p->model, p->key, p->stream, chunk, base, 1, 0, 0, n, xf, vf);
            float umax = -INFINITY;
            for (int i = 0; i < n; ++i) {
                uf[i] = xf[i] + vf[i];
                umax = uf[i] > umax ? uf[i] : umax;
            }
            if (ctx->topk)
                offer_top(ctx, acc, NULL, uf, n);
            for (int b = 0; b < ctx->nb; ++b)
                tilt_fold_batch((tt_tilt_bacc *)acc + b, (float)ctx->inv_beta[b], umax, uf, vf, xf, n);
            continue;
        }
        tt_model_draw_tile(p->model, p->key, p->stream, chunk, base, 1, 0, 0, n, x, v);
        double umax = -INFINITY;
        for (int i = 0; i < n; ++i) {
            u[i] = x[i] + v[i];
            umax = u[i] > umax ? u[i] : umax;
        }
        if (ctx->topk)
            offer_top(ctx, acc, u, NULL, n);
        for (int b = 0; b < ctx->nb; ++b) {
            tt_tilt_acc *a = (tt_tilt_acc *)acc + b;
            double ib = ctx->inv_beta[b];
            tt_tilt_rescale(a, umax * ib);
            tilt_fold_tile(a, ib, u, v, x, n);
        }
    }
}

int tt_cpu_tilt(const tt_pass *p, tt_tilt_work *w, char *msg)
{
    int nb = w->nb, diag = w->diagnostics;
    int topk = diag ? tt_khat_per_chunk(p->items, w->pool->cap, MOST_PER_CHUNK) : 0;
    size_t beta_bytes = p->single ? sizeof(tt_tilt_bacc) : sizeof(tt_tilt_acc);
    tilt_ctx ctx = {p, w->inv_beta, nb, topk, beta_bytes};
    size_t acc_size = beta_bytes * (size_t)nb + (diag ? sizeof(topk_list) + sizeof(double) * (size_t)topk : 0);
    void *res = malloc(acc_size);
    if (!res)
        return TT_ENOMEM;
    for (int b = 0; diag && b < nb; ++b) {
        if (p->single)
            tt_tilt_bacc_init(&w->bhalf[b]);
        else
            tt_tilt_init(&w->half[b]);
        tt_batch_init(&w->batch[b]);
    }
    tilt_state st = {&ctx, (uint32_t)((tt_chunk_count(p->items, TT_CHUNK_SAMPLES) + 1) / 2), w};
    tt_chunk_ops ops = {acc_size, tilt_init, tilt_chunk, tilt_merge, diag ? tilt_collect : NULL, &st};
    int status = tt_engine_run(&ops, &ctx, p->items, TT_CHUNK_SAMPLES, 1, p->threads, p->run, res, msg);
    for (int b = 0; status == TT_OK && b < nb; ++b) {
        if (p->single)
            w->ball[b] = ((const tt_tilt_bacc *)res)[b];
        else
            w->all[b] = ((const tt_tilt_acc *)res)[b];
    }
    free(res);
    return status;
}
