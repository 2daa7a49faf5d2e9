/* sample_tile_real.h (generic body, included by sample_tile.c once per
 * precision): the laws' loops over a tile of Philox words, each the
 * per-sample function of include/tailtilt/real/dist.h, arranged so that gcc
 * vectorises it. */

#define UNI(t, s, i) TT_R(tt_u01_from_bits)((t)->w[2 * (s)][i], (t)->w[2 * (s) + 1][i])
#define LAW_LOOP(EXPR)                                                                              \
    _Pragma("omp simd") for (int i = 0; i < n; ++i)                                                 \
    {                                                                                               \
        TT_R(tt_u01) u0 = UNI(t, s, i);                                                             \
        (void)u0;                                                                                   \
        out[i] = loc + scale * (EXPR);                                                              \
    }

/* Standard normal quantiles of a tile, the same values as tt_normal_quantile:
 * the central formula for every lane, then the tail formula only for the
 * lanes that need it (15% in double, 0.14% in float), gathered into a dense
 * list so that the log and the tail's polynomials are not paid by every lane. */
static void TT_R(normal_tile)(const uniform_tile *t, int s, int n, TT_REAL *z)
{
    int idx[TT_TILE], m = 0;
    TT_REAL c[TT_TILE], tail[TT_TILE];
#pragma omp simd
    for (int i = 0; i < n; ++i) {
        TT_R(tt_u01) u = UNI(t, s, i);
        c[i] = u.c;
        z[i] = TT_R(tt_normal_quantile_central)(u);
    }
    for (int i = 0; i < n; ++i) { /* branch-free compaction */
        idx[m] = i;
        m += TT_FABS(c[i]) > TT_R(TT_NORMAL_CENTRAL);
    }
#pragma omp simd
    for (int k = 0; k < m; ++k) {
        tail[k] = TT_R(tt_normal_quantile_outer)(UNI(t, s, idx[k]));
    }
    for (int k = 0; k < m; ++k)
        z[idx[k]] = tail[k];
}

/* out[i] = loc + scale * Z_i for the law d, its uniforms starting at slot s:
 * a loop of its own for each law the compiler vectorises well, and for any
 * other law the device-safe sampler itself (tested equal, value for value). */
static void TT_R(law_tile)(const tt_dist *d, const uniform_tile *t, int s, int n, TT_REAL *out)
{
    const TT_REAL loc = (TT_REAL)d->loc, scale = (TT_REAL)d->scale, shape = (TT_REAL)d->shape;
    const TT_REAL inv = (TT_REAL)d->inv_shape, inv_lo = (TT_REAL)(d->inv_shape - (double)inv);
    switch (d->kind) {
    case TT_NORMAL:
    case TT_LOGNORMAL:
    case TT_LEVY: {
        TT_REAL z[TT_TILE];
        TT_R(normal_tile)(t, s, n, z);
#pragma omp simd
        for (int i = 0; i < n; ++i) {
            TT_REAL f = d->kind == TT_NORMAL ? z[i]
                        : d->kind == TT_LOGNORMAL ? TT_R(tt_exp)(shape * z[i])
                                                  : TT_R(tt_div)(TT_K(1.0), z[i] * z[i]);
            out[i] = loc + scale * f;
        }
#if !TT_REAL_DOUBLE
        if (d->kind == TT_LOGNORMAL) /* the rare lanes beyond float's reach: the double path, rounded */
            for (int i = 0; i < n; ++i)
                if (fabsf(shape * z[i]) > TT_LOGNORMAL_FLOAT_REACH)
                    out[i] = loc + scale * (float)tt_exp(d->shape * tt_normal_quantile(tt_u01_from_bits(
                                                                         t->w[2 * s][i], t->w[2 * s + 1][i])));
#endif
        break;
    }
    case TT_STUDENT_T: LAW_LOOP(TT_R(tt_std_student_t)(shape, inv, inv_lo, u0, UNI(t, s + 1, i))); break;
    case TT_PARETO: LAW_LOOP(TT_R(tt_std_pareto)(inv, inv_lo, u0)); break;
    case TT_LOMAX: LAW_LOOP(TT_R(tt_std_lomax)(inv, inv_lo, u0)); break;
    case TT_CAUCHY: LAW_LOOP(TT_R(tt_std_cauchy)(u0)); break;
    case TT_EXPONENTIAL: LAW_LOOP(TT_R(tt_std_exponential)(u0)); break;
    case TT_LAPLACE: LAW_LOOP(TT_R(tt_std_laplace)(u0)); break;
    case TT_WEIBULL: LAW_LOOP(TT_R(tt_std_weibull)(inv, inv_lo, u0)); break;
    case TT_UNIFORM: LAW_LOOP(TT_R(tt_std_uniform)(u0)); break;
    case TT_EMPIRICAL: LAW_LOOP(TT_R(tt_std_empirical)(d, u0)); break;
    default: LAW_LOOP(TT_R(tt_dist_standard)(d, u0, tt_dist_uniforms(d) > 1 ? UNI(t, s + 1, i) : u0)); break;
    }
}

void TT_R(tt_model_draw_tile)(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk,
                              uint32_t sample0, uint32_t sample_step, uint32_t draw0, uint32_t draw_step, int n,
                              TT_REAL *x, TT_REAL *v)
{
    uniform_tile t;
    fill_uniforms(&t, tt_model_calls(m), key, point, chunk, sample0, sample_step, draw0, draw_step, n);
    TT_R(law_tile)(&m->error, &t, 0, n, x);
    TT_R(law_tile)(&m->utility, &t, tt_dist_uniforms(&m->error), n, v);
}

#undef UNI
#undef LAW_LOOP
