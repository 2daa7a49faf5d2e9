/* exceed.c (cpu): the exceedance pass: every outcome binned by y (U, or X)
 * against the sorted thresholds in one pass; each threshold's sums are then
 * the suffix sums of the bins above it. */
#include <stdlib.h>
#include <string.h>
#include "backends/cpu/passes.h"
#include "backends/cpu/sample_tile.h"
#include "core/engine.h"

typedef struct {
    const tt_pass *pass;
    const double *sorted;
    int count;
    int bin_on_error;
} binned_ctx;

static void binned_init(const void *vctx, void *acc)
{
    const binned_ctx *ctx = vctx;
    tt_sums3 *b = acc;
    for (int i = 0; i <= ctx->count; ++i)
        tt_sums3_init(&b[i]);
}

static void binned_merge(const void *vctx, void *dst, const void *src)
{
    const binned_ctx *ctx = vctx;
    for (int i = 0; i <= ctx->count; ++i)
        tt_sums3_merge((tt_sums3 *)dst + i, (const tt_sums3 *)src + i);
}

/* Bin b of a sample: the number of thresholds <= y (tt_bin_index). */
static void bin_tile(const binned_ctx *ctx, const double *x, const double *v, int n, int *b)
{
    if (ctx->count <= 32) { /* few thresholds: count them, vectorised */
        for (int i = 0; i < n; ++i)
            b[i] = 0;
        for (int j = 0; j < ctx->count; ++j) {
            double t = ctx->sorted[j];
            if (ctx->bin_on_error)
                for (int i = 0; i < n; ++i) b[i] += x[i] >= t;
            else
                for (int i = 0; i < n; ++i) b[i] += x[i] + v[i] >= t;
        }
    } else {
        for (int i = 0; i < n; ++i)
            b[i] = tt_bin_index(ctx->sorted, ctx->count, ctx->bin_on_error ? x[i] : x[i] + v[i]);
    }
}

/* The same in float, as the device compares: y = X or U = X + V in float
 * against each threshold rounded to float. */
static void bin_tile_f(const binned_ctx *ctx, const float *x, const float *v, int n, int *b)
{
    for (int i = 0; i < n; ++i)
        b[i] = 0;
    for (int j = 0; j < ctx->count; ++j) {
        float t = (float)ctx->sorted[j];
        for (int i = 0; i < n; ++i)
            b[i] += (ctx->bin_on_error ? x[i] : x[i] + v[i]) >= t;
    }
}

/* Bin b holds the samples with b thresholds <= y. */
static void binned_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const binned_ctx *ctx = vctx;
    const tt_pass *p = ctx->pass;
    tt_sums3 *bins = acc;
    double x[TT_TILE], v[TT_TILE];
    float xf[TT_TILE], vf[TT_TILE];
    int b[TT_TILE];
    for (uint32_t base = 0; base < count; base += TT_TILE) {
        int n = (int)(count - base < TT_TILE ? count - base : TT_TILE);
        if (p->single) { /* float draws and comparisons; the bins' sums in double */
            tt_model_draw_tile_f(p->model, p->key, p->stream, chunk, base, 1, 0, 0, n, xf, vf);
            bin_tile_f(ctx, xf, vf, n, b);
            for (int i = 0; i < n; ++i)
                tt_sums3_add(&bins[b[i]], (double)(xf[i] + vf[i]), vf[i], xf[i]);
            continue;
        }
        tt_model_draw_tile(p->model, p->key, p->stream, chunk, base, 1, 0, 0, n, x, v);
        bin_tile(ctx, x, v, n, b);
        for (int i = 0; i < n; ++i)
            tt_sums3_add(&bins[b[i]], x[i] + v[i], v[i], x[i]);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Exceedance sums of sorted threshold j: bins count..j+1, merged from the top. */
static void bins_suffix(const tt_sums3 *bins, int count, int j, tt_sums3 *out)
{
    tt_sums3_init(out);
    for (int b = count; b > j; --b)
        tt_sums3_merge(out, &bins[b]);
}

static int sorted_index(const double *sorted, int count, double value)
{
    for (int j = 0; j < count; ++j)
        if (sorted[j] == value)
            return j;
    return -1;
}

int tt_cpu_exceed(const tt_pass *p, tt_exceed_work *w, char *msg)
{
    int T = w->nt;
    double *sorted = malloc(sizeof(double) * (size_t)(T ? T : 1));
    tt_sums3 *bins = malloc(sizeof(tt_sums3) * (size_t)(T + 1));
    if (!sorted || !bins) {
        free(sorted);
        free(bins);
        return TT_ENOMEM;
    }
    memcpy(sorted, w->t, sizeof(double) * (size_t)T);
    qsort(sorted, (size_t)T, sizeof(double), cmp_double);
    binned_ctx ctx = {p, sorted, T, w->y_is_error};
    tt_chunk_ops ops = {sizeof(tt_sums3) * (size_t)(T + 1), binned_init, binned_chunk, binned_merge, NULL, NULL};
    int st = tt_engine_run(&ops, &ctx, p->items, TT_CHUNK_SAMPLES, 1, p->threads, p->run, bins, msg);
    if (st == TT_OK) {
        bins_suffix(bins, T, -1, &w->all);
        for (int g = 0; g < T; ++g)
            bins_suffix(bins, T, sorted_index(sorted, T, w->t[g]), &w->hi[g]);
    }
    free(sorted);
    free(bins);
    return st;
}
