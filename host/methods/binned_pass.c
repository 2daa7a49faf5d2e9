/* binned_pass.c: one sample pass that bins every outcome by U (or by X)
 * against sorted thresholds; threshold and construct finish from the bins. */
#include <stdlib.h>
#include "methods/methods.h"
#include "backends/sample_tile.h"

typedef struct {
    const tt_job *job;
    tt_philox_key key;
    uint32_t point;
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

static void binned_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const binned_ctx *ctx = vctx;
    tt_sums3 *bins = acc;
    double x[TT_TILE], v[TT_TILE];
    for (uint32_t base = 0; base < count; base += TT_TILE) {
        int n = (int)(count - base < TT_TILE ? count - base : TT_TILE);
        tt_model_draw_tile(&ctx->job->model, ctx->key, ctx->point, chunk, base, 1, 0, 0, n, x, v);
        const double *y = ctx->bin_on_error ? x : v;
        int b[TT_TILE];
        if (ctx->count <= 32) { /* few thresholds: count them, vectorised */
            for (int i = 0; i < n; ++i)
                b[i] = 0;
            for (int j = 0; j < ctx->count; ++j) {
                double t = ctx->sorted[j];
                if (ctx->bin_on_error)
                    for (int i = 0; i < n; ++i) b[i] += y[i] >= t;
                else
                    for (int i = 0; i < n; ++i) b[i] += x[i] + v[i] >= t;
            }
        } else {
            for (int i = 0; i < n; ++i)
                b[i] = tt_bin_index(ctx->sorted, ctx->count, ctx->bin_on_error ? x[i] : x[i] + v[i]);
        }
        for (int i = 0; i < n; ++i)
            tt_sums3_add(&bins[b[i]], x[i] + v[i], v[i], x[i]);
    }
}

int tt_binned_pass(const tt_job *job, const double *sorted, int count, int bin_on_error,
                   tt_sums3 *bins, tt_progress_ctx *pg, char *msg)
{
    binned_ctx ctx = {job, tt_philox_key_from_seed(job->seed), tt_point_stream(job, 0),
                      sorted, count, bin_on_error};
    tt_chunk_ops ops = {sizeof(tt_sums3) * (size_t)(count + 1), binned_init, binned_chunk, binned_merge, NULL, NULL};
    return tt_engine_run(&ops, &ctx, job->samples, TT_CHUNK_SAMPLES, job->threads, pg, bins, msg);
}

int tt_binned_points(const tt_job *job, int bin_on_error, tt_binned_finish finish, tt_record *recs,
                     tt_progress_ctx *pg, char *msg)
{
    int T = job->ngrid;
    double *sorted = tt_sorted_grid(job);
    tt_sums3 *bins = malloc(sizeof(tt_sums3) * (size_t)(T + 1));
    int st = (sorted && bins) ? TT_OK : TT_ENOMEM;
    if (st == TT_OK)
        st = tt_binned_pass(job, sorted, T, bin_on_error, bins, pg, msg);
    if (st == TT_OK) {
        tt_sums3 all;
        tt_bins_suffix(bins, T, -1, &all);
        for (int g = 0; g < T; ++g) {
            tt_sums3 hi;
            tt_bins_suffix(bins, T, tt_sorted_index(sorted, T, job->grid[g]), &hi);
            finish(job, &all, &hi, job->grid[g], &recs[g]);
        }
    }
    free(sorted);
    free(bins);
    return st;
}
