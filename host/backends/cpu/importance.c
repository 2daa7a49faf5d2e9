/* importance.c (cpu): an importance-sampled pass for one threshold: each
 * outcome drawn from the proposal (proposal.h) with its weight, summed on its
 * side of t; per chunk, the largest weights at or above t. */
#include <stdlib.h>
#include <string.h>
#include "backends/cpu/passes.h"
#include "backends/cpu/sample_tile.h"
#include "core/engine.h"
#include "core/topk.h"

#define PER_CHUNK 1024 /* largest weights kept per chunk for k-hat */

typedef struct {
    tt_is_split sums;       /* below t, at or above t */
    uint64_t ntop;
    double top[PER_CHUNK]; /* largest weights at or above t (a min-heap) */
} is_acc;

typedef struct {
    const tt_pass *pass;
    const tt_importance_work *w;
} is_ctx;

static void is_init(const void *ctx, void *acc)
{
    (void)ctx;
    memset(acc, 0, sizeof(is_acc));
}

static void is_merge(const void *ctx, void *dst, const void *src)
{
    (void)ctx;
    tt_is_split_merge(&((is_acc *)dst)->sums, &((const is_acc *)src)->sums);
}

static void is_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *vacc)
{
    const is_ctx *c = vctx;
    const tt_pass *p = c->pass;
    const tt_model *m = p->model;
    is_acc *acc = vacc;
    double x[TT_TILE], v[TT_TILE];
    tt_u01 pick[TT_TILE], tail[TT_TILE];
    uint32_t extra = tt_model_calls(m); /* the proposal's uniforms: the next Philox call */
    for (uint32_t base = 0; base < count; base += TT_TILE) {
        int n = (int)(count - base < TT_TILE ? count - base : TT_TILE);
        tt_model_draw_tile(m, p->key, p->stream, chunk, base, 1, 0, 0, n, x, v);
        tt_uniform_pair_tile(p->key, p->stream, chunk, base, extra, n, pick, tail);
        for (int i = 0; i < n; ++i) {
            double w;
            tt_outcome o = tt_proposal_draw(c->w->prop, m, (tt_outcome){x[i], v[i]}, pick[i], tail[i], &w);
            double u = o.x + o.v;
            int hi = (c->w->y_is_error ? o.x : u) >= c->w->t;
            int lead = c->w->y_is_error || o.x - c->w->prop->tail_x.center >= o.v - c->w->prop->tail_v.center
                           ? TT_IS_XLEAD : TT_IS_VLEAD;
            tt_is_part_add(&acc->sums.part[hi ? lead : TT_IS_BELOW], w, u, o.v, o.x);
            if (hi)
                tt_topk_offer(acc->top, &acc->ntop, PER_CHUNK, w);
        }
    }
}

static void is_collect(void *pool, uint32_t chunk, const void *acc)
{
    (void)chunk;
    const is_acc *a = acc;
    tt_khat_pool_offer(pool, a->top, a->ntop, a->ntop == PER_CHUNK, a->top[0]);
}

int tt_cpu_importance(const tt_pass *p, tt_importance_work *w, char *msg)
{
    is_ctx c = {p, w};
    is_acc *res = malloc(sizeof *res);
    if (!res)
        return TT_ENOMEM;
    tt_chunk_ops ops = {sizeof(is_acc), is_init, is_chunk, is_merge, w->diagnostics ? is_collect : NULL, w->pool};
    int st = tt_engine_run(&ops, &c, p->items, TT_CHUNK_SAMPLES, 1, p->threads, p->run, res, msg);
    if (st == TT_OK)
        w->sums = res->sums;
    free(res);
    return st;
}
