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

#define TT_REAL_BODY "backends/cpu/tournament_real.h"
#include "tailtilt/real/both.h"

int tt_cpu_tournament(const tt_pass *p, tt_tournament_work *w, char *msg)
{
    bon_ctx ctx = {p, w->n};
    tt_spread_init(&w->spread);
    tt_chunk_ops ops = {sizeof(tt_sums3), bon_init, p->single ? bon_chunk_f : bon_chunk, bon_merge, bon_collect,
                        &w->spread};
    return tt_engine_run(&ops, &ctx, p->items, tt_bon_trials_per_chunk(w->n), w->n, p->threads, p->run, &w->sums,
                         msg);
}
