/* sample_tile.c: the CPU's sampling loop: Philox words for a tile, then one
 * loop per law that turns words into values; gcc vectorises each loop. */
#include "backends/cpu/sample_tile.h"
#include "backends/cpu/philox_simd.h"
#include <math.h>

/* Raw Philox words: uniform s of outcome i is words (2s, 2s+1) of row i. The
 * conversion to (p, q, c) happens inside each law's loop, where the compiler
 * drops the parts that law does not use. */
typedef struct {
    uint32_t w[8][TT_TILE];
} uniform_tile;

static void fill_uniforms(uniform_tile *t, uint32_t calls, tt_philox_key key, uint32_t point, uint32_t chunk,
                          uint32_t sample0, uint32_t sample_step, uint32_t draw0, uint32_t draw_step, int n)
{
    for (uint32_t k = 0; k < calls; ++k) {
        uint32_t *w = t->w[4 * k];
        int done = tt_philox_lanes(key, point, chunk, sample0, sample_step, draw0 + k, draw_step, n,
                                   w, t->w[4 * k + 1], t->w[4 * k + 2], t->w[4 * k + 3]);
        for (int i = done; i < n; ++i) {
            tt_philox_ctr ctr = tt_philox_counter(point, chunk, sample0 + (uint32_t)i * sample_step,
                                                  draw0 + (uint32_t)i * draw_step + k);
            tt_philox_ctr r = tt_philox4x32_10(ctr, key);
            w[i] = r.v[0];
            t->w[4 * k + 1][i] = r.v[1];
            t->w[4 * k + 2][i] = r.v[2];
            t->w[4 * k + 3][i] = r.v[3];
        }
        (void)w;
    }
}

#define UNI(t, s, i) tt_u01_from_bits((t)->w[2 * (s)][i], (t)->w[2 * (s) + 1][i])
#define LAW_LOOP(EXPR)                                                                              \
    _Pragma("omp simd") for (int i = 0; i < n; ++i)                                                 \
    {                                                                                               \
        tt_u01 u0 = UNI(t, s, i);                                                                   \
        (void)u0;                                                                                   \
        out[i] = loc + scale * (EXPR);                                                              \
    }

/* Standard normal quantiles of a tile, the same values as tt_normal_quantile:
 * the central rational function for every lane, then the tail formula only for
 * the ~15% of lanes that need it, gathered into a dense list so that the
 * expensive log and divisions are not paid by every lane. */
static void normal_tile(const uniform_tile *t, int s, int n, double *z)
{
    int idx[TT_TILE], m = 0;
    double c[TT_TILE], tail[TT_TILE];
#pragma omp simd
    for (int i = 0; i < n; ++i) {
        c[i] = UNI(t, s, i).c;
        z[i] = tt_normal_quantile_central(c[i]);
    }
    for (int i = 0; i < n; ++i) { /* branch-free compaction */
        idx[m] = i;
        m += fabs(c[i]) > 0.425;
    }
#pragma omp simd
    for (int k = 0; k < m; ++k) {
        tt_u01 u = UNI(t, s, idx[k]);
        double q = tt_normal_quantile_tail(u.c < 0 ? u.p : u.q);
        tail[k] = u.c < 0 ? -q : q;
    }
    for (int k = 0; k < m; ++k)
        z[idx[k]] = tail[k];
}

/* out[i] = loc + scale * Z_i for the law d, its uniforms starting at slot s:
 * a loop of its own for each law the compiler vectorises well, and for any
 * other law the device-safe sampler itself (tested equal, value for value). */
static void law_tile(const tt_dist *d, const uniform_tile *t, int s, int n, double *out)
{
    const double loc = d->loc, scale = d->scale, shape = d->shape, inv = d->inv_shape;
    switch (d->kind) {
    case TT_NORMAL:
    case TT_LOGNORMAL:
    case TT_LEVY:
        normal_tile(t, s, n, out);
#pragma omp simd
        for (int i = 0; i < n; ++i) {
            double z = out[i];
            z = d->kind == TT_NORMAL ? z : (d->kind == TT_LOGNORMAL ? tt_exp(shape * z) : 1.0 / (z * z));
            out[i] = loc + scale * z;
        }
        break;
    case TT_STUDENT_T: LAW_LOOP(tt_std_student_t(shape, inv, u0, UNI(t, s + 1, i))); break;
    case TT_PARETO: LAW_LOOP(tt_std_pareto(inv, u0)); break;
    case TT_LOMAX: LAW_LOOP(tt_std_lomax(inv, u0)); break;
    case TT_CAUCHY: LAW_LOOP(tt_std_cauchy(u0)); break;
    case TT_EXPONENTIAL: LAW_LOOP(tt_std_exponential(u0)); break;
    case TT_LAPLACE: LAW_LOOP(tt_std_laplace(u0)); break;
    case TT_WEIBULL: LAW_LOOP(tt_std_weibull(inv, u0)); break;
    case TT_UNIFORM: LAW_LOOP(tt_std_uniform(u0)); break;
    case TT_EMPIRICAL: LAW_LOOP(tt_std_empirical(d, u0)); break;
    default: LAW_LOOP(tt_dist_standard(d, u0, tt_dist_uniforms(d) > 1 ? UNI(t, s + 1, i) : u0)); break;
    }
}

void tt_model_draw_tile(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk,
                        uint32_t sample0, uint32_t sample_step, uint32_t draw0, uint32_t draw_step,
                        int n, double *x, double *v)
{
    uniform_tile t;
    fill_uniforms(&t, tt_model_calls(m), key, point, chunk, sample0, sample_step, draw0, draw_step, n);
    law_tile(&m->error, &t, 0, n, x);
    law_tile(&m->utility, &t, tt_dist_uniforms(&m->error), n, v);
}

void tt_uniform_pair_tile(tt_philox_key key, uint32_t point, uint32_t chunk, uint32_t sample0, uint32_t draw,
                          int n, tt_u01 *u0, tt_u01 *u1)
{
    uint32_t w[4][TT_TILE];
    int done = tt_philox_lanes(key, point, chunk, sample0, 1, draw, 0, n, w[0], w[1], w[2], w[3]);
    for (int i = done; i < n; ++i) {
        tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(point, chunk, sample0 + (uint32_t)i, draw), key);
        for (int k = 0; k < 4; ++k)
            w[k][i] = r.v[k];
    }
#pragma omp simd
    for (int i = 0; i < n; ++i) {
        u0[i] = tt_u01_from_bits(w[0][i], w[1][i]);
        u1[i] = tt_u01_from_bits(w[2][i], w[3][i]);
    }
}
