/* tournament.c (cpu): best-of-n tournaments: each trial draws n outcomes a
 * tile at a time and keeps the one of largest U (the first on ties). */
#include <math.h>
#include "backends/cpu/passes.h"
#include "backends/cpu/sample_tile.h"
#include "core/engine.h"

typedef struct {
    const tt_pass *pass;
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

/* The spread of the chunks' E[V*]. */
static void bon_collect(void *state, uint32_t chunk, const void *acc)
{
    (void)chunk;
    const tt_sums3 *a = acc;
    if (a->n > 0)
        tt_spread_add(state, a->sv / (double)a->n);
}

/* The same in float: the draws and the argmax in float (U = X + V rounded
 * as the device rounds it), the winners' sums in double. */
static void bon_chunk_f(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const bon_ctx *ctx = vctx;
    const tt_pass *p = ctx->pass;
    uint32_t calls = tt_model_calls(p->model);
    float x[TT_TILE], v[TT_TILE], u[TT_TILE];
    for (uint32_t trial = 0; trial < count; ++trial) {
        float ubest = -INFINITY, xbest = 0, vbest = 0;
        for (uint32_t j0 = 0; j0 < ctx->n; j0 += TT_TILE) {
            int n = (int)(ctx->n - j0 < TT_TILE ? ctx->n - j0 : TT_TILE);
            tt_model_draw_tile_f(p->model, p->key, p->stream, chunk, trial, 0, j0 * calls, calls, n, x, v);
            float tmax = -INFINITY;
            for (int i = 0; i < n; ++i) {
                u[i] = x[i] + v[i];
                tmax = u[i] > tmax ? u[i] : tmax;
            }
            if (tmax > ubest) {
                int arg = 0;
                while (u[arg] != tmax)
                    ++arg;
                ubest = tmax;
                xbest = x[arg];
                vbest = v[arg];
            }
        }
        tt_sums3_add(acc, ubest, vbest, xbest);
    }
}

static void bon_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const bon_ctx *ctx = vctx;
    const tt_pass *p = ctx->pass;
    uint32_t calls = tt_model_calls(p->model);
    double x[TT_TILE], v[TT_TILE];
    for (uint32_t trial = 0; trial < count; ++trial) {
        double ubest = -INFINITY, xbest = 0, vbest = 0;
        for (uint32_t j0 = 0; j0 < ctx->n; j0 += TT_TILE) {
            int n = (int)(ctx->n - j0 < TT_TILE ? ctx->n - j0 : TT_TILE);
            tt_model_draw_tile(p->model, p->key, p->stream, chunk, trial, 0, j0 * calls, calls, n, x, v);
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

int tt_cpu_tournament(const tt_pass *p, tt_tournament_work *w, char *msg)
{
    bon_ctx ctx = {p, w->n};
    tt_spread_init(&w->spread);
    tt_chunk_ops ops = {sizeof(tt_sums3), bon_init, p->single ? bon_chunk_f : bon_chunk, bon_merge, bon_collect,
                        &w->spread};
    return tt_engine_run(&ops, &ctx, p->items, tt_bon_trials_per_chunk(w->n), w->n, p->threads, p->run, &w->sums,
                         msg);
}
