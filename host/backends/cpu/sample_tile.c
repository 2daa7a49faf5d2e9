/* sample_tile.c: the CPU's sampling loop: Philox words for a tile, then one
 * loop per law that turns words into values (double or float, from one text:
 * sample_tile_real.h); gcc vectorises each loop. */
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

#define TT_REAL_BODY "backends/cpu/sample_tile_real.h"
#include "tailtilt/real/both.h"

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
