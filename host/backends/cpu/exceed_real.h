/* exceed_real.h (generic body, included by exceed.c once per precision): a
 * tile of outcomes drawn and binned in the real type (y = X or U = X + V
 * against the thresholds rounded to it, as the device compares), the bins'
 * sums in double. */

static void TT_R(binned_tile)(const binned_ctx *ctx, uint32_t chunk, uint32_t base, int n, tt_sums3 *bins)
{
    const tt_pass *p = ctx->pass;
    TT_REAL x[TT_TILE], v[TT_TILE];
    int b[TT_TILE];
    TT_R(tt_model_draw_tile)(p->model, p->key, p->stream, chunk, base, 1, 0, 0, n, x, v);
    if (ctx->count <= 32) { /* few thresholds: count them, vectorised */
        for (int i = 0; i < n; ++i)
            b[i] = 0;
        for (int j = 0; j < ctx->count; ++j) {
            TT_REAL t = (TT_REAL)ctx->sorted[j];
            if (ctx->bin_on_error)
                for (int i = 0; i < n; ++i) b[i] += x[i] >= t;
            else
                for (int i = 0; i < n; ++i) b[i] += x[i] + v[i] >= t;
        }
    } else {
        for (int i = 0; i < n; ++i)
            b[i] = TT_R(tt_bin_index)(ctx->sorted, ctx->count, ctx->bin_on_error ? x[i] : x[i] + v[i]);
    }
    for (int i = 0; i < n; ++i)
        tt_sums3_add(&bins[b[i]], (double)(x[i] + v[i]), v[i], x[i]);
}
