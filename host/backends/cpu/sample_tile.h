/* sample_tile.h: outcomes drawn a tile at a time on the CPU: the same
 * per-sample functions as draw.h, arranged so that the compiler vectorises them. */
#ifndef TAILTILT_SAMPLE_TILE_H
#define TAILTILT_SAMPLE_TILE_H

#include "tailtilt/draw.h"

#define TT_TILE 256

/* Outcome i of the tile (0 <= i < n <= TT_TILE) is the one tt_model_draw gives
 * for (point, chunk, sample0 + i*sample_step, draw0 + i*draw_step); the _f
 * variant the one tt_model_draw_f gives, in float. */
void tt_model_draw_tile(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk,
                        uint32_t sample0, uint32_t sample_step, uint32_t draw0, uint32_t draw_step,
                        int n, double *x, double *v);
void tt_model_draw_tile_f(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk,
                          uint32_t sample0, uint32_t sample_step, uint32_t draw0, uint32_t draw_step,
                          int n, float *x, float *v);

/* Two uniforms per sample from Philox call `draw` of (point, chunk,
 * sample0 + i): words (0, 1) to u0[i], (2, 3) to u1[i]. */
void tt_uniform_pair_tile(tt_philox_key key, uint32_t point, uint32_t chunk, uint32_t sample0, uint32_t draw,
                          int n, tt_u01 *u0, tt_u01 *u1);

#endif
