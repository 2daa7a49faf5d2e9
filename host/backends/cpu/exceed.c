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

#define TT_REAL_BODY "backends/cpu/exceed_real.h"
#include "tailtilt/real/both.h"

/* Bin b holds the samples with b thresholds <= y; in single precision the
 * draws and comparisons in float. */
static void binned_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const binned_ctx *ctx = vctx;
    for (uint32_t base = 0; base < count; base += TT_TILE) {
        int n = (int)(count - base < TT_TILE ? count - base : TT_TILE);
        if (ctx->pass->single)
            binned_tile_f(ctx, chunk, base, n, acc);
        else
            binned_tile(ctx, chunk, base, n, acc);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Each sorted threshold's exceedance sums, bins count..j+1 merged from the
 * top, in one running pass (suffix[j]; all the bins in *all). */
static void bins_suffixes(const tt_sums3 *bins, int count, tt_sums3 *suffix, tt_sums3 *all)
{
    tt_sums3 run;
    tt_sums3_init(&run);
    for (int b = count; b >= 1; --b) {
        tt_sums3_merge(&run, &bins[b]);
        suffix[b - 1] = run;
    }
    tt_sums3_merge(&run, &bins[0]);
    *all = run;
}

/* The first sorted index holding value (present by construction). */
static int sorted_index(const double *sorted, int count, double value)
{
    int lo = 0, hi = count;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (sorted[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int tt_cpu_exceed(const tt_pass *p, tt_exceed_work *w, char *msg)
{
    int T = w->nt;
    double *sorted = malloc(sizeof(double) * (size_t)(T ? T : 1));
    tt_sums3 *bins = malloc(sizeof(tt_sums3) * (size_t)(T + 1));
    tt_sums3 *suffix = malloc(sizeof(tt_sums3) * (size_t)(T ? T : 1));
    if (!sorted || !bins || !suffix) {
        free(sorted);
        free(bins);
        free(suffix);
        return TT_ENOMEM;
    }
    memcpy(sorted, w->t, sizeof(double) * (size_t)T);
    qsort(sorted, (size_t)T, sizeof(double), cmp_double);
    binned_ctx ctx = {p, sorted, T, w->y_is_error};
    tt_chunk_ops ops = {sizeof(tt_sums3) * (size_t)(T + 1), binned_init, binned_chunk, binned_merge, NULL, NULL};
    int st = tt_engine_run(&ops, &ctx, p->items, TT_CHUNK_SAMPLES, 1, p->threads, p->run, bins, msg);
    if (st == TT_OK) {
        bins_suffixes(bins, T, suffix, &w->all);
        for (int g = 0; g < T; ++g)
            w->hi[g] = suffix[sorted_index(sorted, T, w->t[g])];
    }
    free(sorted);
    free(bins);
    free(suffix);
    return st;
}
