/* sample_util.h: test helper: n draws of one law from its own Philox stream,
 * through the same per-sample functions the engine uses, in double or float. */
#ifndef TT_TEST_SAMPLE_UTIL_H
#define TT_TEST_SAMPLE_UTIL_H

#include <stdlib.h>
#include "tailtilt.h"

static inline double *tt_test_draws(const tt_dist *d, size_t n, uint64_t seed)
{
    double *x = malloc(sizeof(double) * n);
    tt_philox_key key = tt_philox_key_from_seed(seed);
    for (size_t i = 0; i < n; ++i) {
        tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(7, (uint32_t)(i >> 16), (uint32_t)(i & 0xffff), 0), key);
        tt_u01 u0 = tt_u01_from_bits(r.v[0], r.v[1]), u1 = tt_u01_from_bits(r.v[2], r.v[3]);
        x[i] = tt_dist_sample(d, u0, u1);
    }
    return x;
}

/* The same draws through the float samplers (tt_dist_sample_f), as doubles. */
static inline double *tt_test_draws_f(const tt_dist *d, size_t n, uint64_t seed)
{
    double *x = malloc(sizeof(double) * n);
    tt_philox_key key = tt_philox_key_from_seed(seed);
    for (size_t i = 0; i < n; ++i) {
        tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(7, (uint32_t)(i >> 16), (uint32_t)(i & 0xffff), 0), key);
        tt_u01_f u0 = tt_u01_from_bits_f(r.v[0], r.v[1]), u1 = tt_u01_from_bits_f(r.v[2], r.v[3]);
        x[i] = tt_dist_sample_f(d, u0, u1);
    }
    return x;
}

/* Draws in either precision (single: through the float samplers). */
static inline double *tt_test_draws_in(const tt_dist *d, size_t n, uint64_t seed, int single)
{
    return single ? tt_test_draws_f(d, n, seed) : tt_test_draws(d, n, seed);
}

static inline int tt_test_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
