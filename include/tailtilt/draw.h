/* draw.h: one outcome (X, V) of the base policy from its Philox counter, in
 * double (tt_model_draw) or float (tt_model_draw_f). A draw is a pure
 * function of (seed, point, chunk, sample, draw index). */
#ifndef TAILTILT_DRAW_H
#define TAILTILT_DRAW_H

#include "stream.h"
#include "dist.h"

/* The error X and the utility V of one model: U = X + V. */
typedef struct {
    tt_dist error;
    tt_dist utility;
} tt_model;

/* Philox calls one outcome consumes: each call gives two uniforms; X takes
 * its uniforms first, V the next ones. */
TT_FUNCTION uint32_t tt_model_calls(const tt_model *m)
{
    int n = tt_dist_uniforms(&m->error) + tt_dist_uniforms(&m->utility);
    return (uint32_t)((n + 1) / 2);
}

#define TT_REAL_BODY "draw.h" /* in real/ */
#include "real/both.h"

#endif
