/* tournament_real.h (generic body, included by tournament.c once per
 * precision): a chunk's best-of-n trials, the draws and the argmax in the
 * real type (U = X + V rounded as the device rounds it), the winners' sums
 * in double. */

static void TT_R(bon_chunk)(const void *vctx, uint32_t chunk, uint32_t count, void *acc)
{
    const bon_ctx *ctx = vctx;
    const tt_pass *p = ctx->pass;
    uint32_t calls = tt_model_calls(p->model);
    TT_REAL x[TT_TILE], v[TT_TILE], u[TT_TILE];
    for (uint32_t trial = 0; trial < count; ++trial) {
        TT_REAL ubest = -INFINITY, xbest = 0, vbest = 0;
        for (uint32_t j0 = 0; j0 < ctx->n; j0 += TT_TILE) {
            int n = (int)(ctx->n - j0 < TT_TILE ? ctx->n - j0 : TT_TILE);
            TT_R(tt_model_draw_tile)(p->model, p->key, p->stream, chunk, trial, 0, j0 * calls, calls, n, x, v);
            /* the tile's maximum (vectorised), then its first position: the
             * first of equal maxima wins, as in a sequential scan */
            TT_REAL tmax = -INFINITY;
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
