/* conditional.c (cpu): conditional Monte Carlo for one threshold: the
 * sampled coordinate drawn from its law or its tail (balance weight), the
 * other integrated exactly through its law's P(Y >= a) and E[Y; Y >= a]. */
#include <math.h>
#include "backends/cpu/passes.h"
#include "backends/cpu/sample_tile.h"
#include "core/engine.h"
#include "laws/law.h"

typedef struct {
    const tt_pass *pass;
    const tt_conditional_work *w;
} cond_ctx;

static void cond_init(const void *ctx, void *acc)
{
    (void)ctx;
    tt_cond_init(acc);
}

static void cond_merge(const void *ctx, void *dst, const void *src)
{
    (void)ctx;
    tt_cond_merge(dst, src);
}

/* The sample's z (from its law, or from the tail above one of the levels),
 * its balance weight, and its terms. */
static void add_sample(const tt_conditional_work *w, const tt_dist *Y, const tt_dist *Z, double z, tt_u01 pick,
                       tt_u01 tail, tt_cond_sums *acc)
{
    double share = (1 - w->alpha_base) / w->nlevels;
    if (pick.p > w->alpha_base) {
        int k = (int)((pick.p - w->alpha_base) / share);
        k = k < w->nlevels ? k : w->nlevels - 1;
        z = tt_tail_draw(&w->tail[k], w->levels[k], tail);
    }
    double r = w->alpha_base, lf = tt_dist_logpdf(Z, z);
    for (int k = 0; k < w->nlevels; ++k) {
        double lh = tt_tail_logpdf(&w->tail[k], w->levels[k], z);
        r += lh > -INFINITY ? share * exp(lh - lf) : 0.0;
    }
    double wt = r > 0 && r < INFINITY ? 1.0 / r : 0.0;
    double a_lvl = w->y_is_error ? w->t : w->t - z;
    double q = wt > 0 ? tt_dist_Q(Y, a_lvl) : 0.0;
    double m = q > 0 ? tt_dist_tail_mean(Y, a_lvl) : 0.0;
    /* where X leads: X - med X >= V - med V, i.e. X >= V + c_lead */
    double qx;
    if (w->y_is_error)
        qx = q;
    else if (w->integrate_x) /* Y = X >= max(t - v, v + c) */
        qx = q > 0 ? tt_dist_Q(Y, fmax(a_lvl, z + w->c_lead)) : 0.0;
    else /* Y = V: X leads where V <= x - c, i.e. V in [t - x, x - c) */
        qx = q > 0 && z - w->c_lead > a_lvl ? q - tt_dist_Q(Y, z - w->c_lead) : 0.0;
    tt_cond_add(acc, wt * q, wt * z * q, wt * m, wt * qx);
}

static void cond_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const cond_ctx *c = vctx;
    const tt_pass *p = c->pass;
    const tt_conditional_work *w = c->w;
    const tt_dist *Y = w->integrate_x ? &p->model->error : &p->model->utility;
    const tt_dist *Z = w->integrate_x ? &p->model->utility : &p->model->error;
    double x[TT_TILE], v[TT_TILE];
    tt_u01 pick[TT_TILE], tail[TT_TILE];
    uint32_t extra = tt_model_calls(p->model);
    for (uint32_t base = 0; base < count; base += TT_TILE) {
        int n = (int)(count - base < TT_TILE ? count - base : TT_TILE);
        tt_model_draw_tile(p->model, p->key, p->stream, chunk, base, 1, 0, 0, n, x, v);
        tt_uniform_pair_tile(p->key, p->stream, chunk, base, extra, n, pick, tail);
        for (int i = 0; i < n; ++i)
            add_sample(w, Y, Z, w->integrate_x ? v[i] : x[i], pick[i], tail[i], acc);
    }
}

int tt_cpu_conditional(const tt_pass *p, tt_conditional_work *w, char *msg)
{
    cond_ctx c = {p, w};
    tt_chunk_ops ops = {sizeof(tt_cond_sums), cond_init, cond_chunk, cond_merge, NULL, NULL};
    return tt_engine_run(&ops, &c, p->items, TT_CHUNK_SAMPLES, 1, p->threads, p->run, &w->sums, msg);
}
