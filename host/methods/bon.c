/* method_bon.c: best-of-N by tournament: each trial draws N outcomes and
 * keeps the one of largest U (the first on ties); one point per N. */
#include <math.h>
#include <stdio.h>
#include "methods/methods.h"
#include "backends/sample_tile.h"
#include "core/util.h"

typedef struct {
    const tt_job *job;
    tt_philox_key key;
    uint32_t point;
    uint32_t n;
} bon_ctx;

static void bon_init(const void *ctx, void *acc)
{
    (void)ctx;
    tt_sums3_init(acc);
}

static void bon_merge(const void *ctx, void *dst, const void *src)
{
    (void)ctx;
    tt_sums3_merge(dst, src);
}

/* Spread of the chunks' E[V*]. */
static void bon_collect(void *state, uint32_t chunk, const void *acc)
{
    (void)chunk;
    const tt_sums3 *a = acc;
    if (a->n > 0)
        tt_spread_add(state, a->sv / (double)a->n);
}

static void bon_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const bon_ctx *ctx = vctx;
    const tt_model *m = &ctx->job->model;
    uint32_t calls = tt_model_calls(m);
    double x[TT_TILE], v[TT_TILE];
    for (uint32_t trial = 0; trial < count; ++trial) {
        double ubest = -INFINITY, xbest = 0, vbest = 0;
        for (uint32_t j0 = 0; j0 < ctx->n; j0 += TT_TILE) {
            int n = (int)(ctx->n - j0 < TT_TILE ? ctx->n - j0 : TT_TILE);
            tt_model_draw_tile(m, ctx->key, ctx->point, chunk, trial, 0, j0 * calls, calls, n, x, v);
            /* the tile's maximum (vectorised), then its first position:
             * the first of equal maxima wins, as in a sequential scan */
            double tmax = -INFINITY;
            for (int i = 0; i < n; ++i) {
                double u = x[i] + v[i];
                tmax = u > tmax ? u : tmax;
            }
            if (tmax > ubest) {
                int arg = 0;
                while (x[arg] + v[arg] != tmax)
                    ++arg;
                ubest = tmax;
                xbest = x[arg];
                vbest = v[arg];
            }
        }
        tt_sums3_add(acc, ubest, vbest, xbest);
    }
}

void tt_bon_finalize(const tt_job *job, const tt_sums3 *s, const tt_spread *spread, uint32_t n, tt_record *r)
{
    if (spread && spread->chunks > 1) {
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

/* Trials per chunk: about 2^16 outcomes a chunk, at least one trial. */
uint32_t tt_bon_trials_per_chunk(uint32_t n)
{
    return n >= TT_CHUNK_SAMPLES ? 1u : TT_CHUNK_SAMPLES / n;
}

int tt_bon_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    if (job->weighted)
        return tt_bon_weighted_run(job, recs, pg, msg);
    for (int g = 0; g < job->ngrid; ++g) {
        uint32_t n = (uint32_t)job->grid[g];
        bon_ctx ctx = {job, tt_philox_key_from_seed(job->seed), tt_point_stream(job, g), n};
        tt_spread spread;
        tt_spread_init(&spread);
        tt_chunk_ops ops = {sizeof(tt_sums3), bon_init, bon_chunk, bon_merge, bon_collect, &spread};
        tt_sums3 s;
        double t0 = tt_now();
        pg->samples_per_item = n;
        int st = tt_engine_run(&ops, &ctx, job->trials, tt_bon_trials_per_chunk(n), job->threads, pg, &s, msg);
        if (st != TT_OK)
            return st;
        pg->done_before += job->trials * n;
        tt_record *r = &recs[g];
        r->wall_s = tt_now() - t0;
        r->samples_per_s = (double)r->samples / r->wall_s;
        tt_bon_finalize(job, &s, &spread, n, r);
        if (pg->record && pg->record(pg->user, g, r) != 0) {
            snprintf(msg, TT_MSG_LEN, "writing the record of N = %u failed", n);
            return TT_EIO;
        }
    }
    return TT_OK;
}
