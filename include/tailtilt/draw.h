/* draw.h: one outcome (X, V) of the base policy from its Philox counter.
 * A draw is a pure function of (seed, point, chunk, sample, draw index). */
#ifndef TAILTILT_DRAW_H
#define TAILTILT_DRAW_H

#include "stream.h"
#include "dist.h"

/* The error X and the utility V of one model: U = X + V. */
typedef struct {
    tt_dist error;
    tt_dist utility;
} tt_model;

typedef struct { double x, v; } tt_outcome;

/* Philox calls one outcome consumes: each call gives two uniforms; X takes
 * its uniforms first, V the next ones. */
TT_FUNCTION uint32_t tt_model_calls(const tt_model *m)
{
    int n = tt_dist_uniforms(&m->error) + tt_dist_uniforms(&m->utility);
    return (uint32_t)((n + 1) / 2);
}

/* Outcome number `sample` of `chunk`; `draw` is the first Philox call index
 * (nonzero when one sample holds several outcomes, as in best-of-N). */
TT_FUNCTION tt_outcome tt_model_draw(const tt_model *m, tt_philox_key key,
                                     uint32_t point, uint32_t chunk,
                                     uint32_t sample, uint32_t draw)
{
    tt_u01 u[4];
    tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(point, chunk, sample, draw), key);
    u[0] = tt_u01_from_bits(r.v[0], r.v[1]);
    u[1] = tt_u01_from_bits(r.v[2], r.v[3]);
    int nx = tt_dist_uniforms(&m->error);
    int nv = tt_dist_uniforms(&m->utility);
    if (nx + nv > 2) {
        r = tt_philox4x32_10(tt_philox_counter(point, chunk, sample, draw + 1), key);
        u[2] = tt_u01_from_bits(r.v[0], r.v[1]);
        u[3] = tt_u01_from_bits(r.v[2], r.v[3]);
    }
    tt_outcome o;
    o.x = tt_dist_sample(&m->error, u[0], u[1]);
    o.v = tt_dist_sample(&m->utility, u[nx], u[nx + 1 < 4 ? nx + 1 : 3]);
    return o;
}

#endif
