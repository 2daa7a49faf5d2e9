/* philox_simd.h: Philox4x32-10 for 8 (AVX2) or 16 (AVX-512) counters at once,
 * the CPU's parallel shape of philox.h; equal to it bit for bit (tested). */
#ifndef TAILTILT_PHILOX_SIMD_H
#define TAILTILT_PHILOX_SIMD_H

#include <stdint.h>
#include "tailtilt/philox.h"

/* Words of counters (draw0 + i*draw_step, sample0 + i*sample_step, chunk,
 * point) for i in [0, n), into w0..w3; returns how many it did (a multiple of
 * the vector width); the caller finishes the rest with tt_philox4x32_10. */
#if defined(__AVX512F__)
#include <immintrin.h>
#define TT_PHILOX_LANES 16

static inline void tt_philox_mulhilo16(__m512i a, __m512i m, __m512i *hi, __m512i *lo)
{
    __m512i even = _mm512_mul_epu32(a, m);
    __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);
    *hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
    *lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
}

static inline int tt_philox_lanes(tt_philox_key key, uint32_t point, uint32_t chunk, uint32_t sample0,
                                  uint32_t sample_step, uint32_t draw0, uint32_t draw_step, int n,
                                  uint32_t *w0, uint32_t *w1, uint32_t *w2, uint32_t *w3)
{
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i m0 = _mm512_set1_epi32((int)TT_PHILOX_M0), m1 = _mm512_set1_epi32((int)TT_PHILOX_M1);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i idx = _mm512_add_epi32(_mm512_set1_epi32(i), lane);
        __m512i c0 = _mm512_add_epi32(_mm512_set1_epi32((int)draw0), _mm512_mullo_epi32(idx, _mm512_set1_epi32((int)draw_step)));
        __m512i c1 = _mm512_add_epi32(_mm512_set1_epi32((int)sample0), _mm512_mullo_epi32(idx, _mm512_set1_epi32((int)sample_step)));
        __m512i c2 = _mm512_set1_epi32((int)chunk), c3 = _mm512_set1_epi32((int)point);
        uint32_t k0 = key.v[0], k1 = key.v[1];
        for (int r = 0; r < 10; ++r) {
            __m512i hi0, lo0, hi1, lo1;
            tt_philox_mulhilo16(c0, m0, &hi0, &lo0);
            tt_philox_mulhilo16(c2, m1, &hi1, &lo1);
            c0 = _mm512_xor_si512(_mm512_xor_si512(hi1, c1), _mm512_set1_epi32((int)k0));
            c1 = lo1;
            c2 = _mm512_xor_si512(_mm512_xor_si512(hi0, c3), _mm512_set1_epi32((int)k1));
            c3 = lo0;
            k0 += TT_PHILOX_W0;
            k1 += TT_PHILOX_W1;
        }
        _mm512_storeu_si512(w0 + i, c0);
        _mm512_storeu_si512(w1 + i, c1);
        _mm512_storeu_si512(w2 + i, c2);
        _mm512_storeu_si512(w3 + i, c3);
    }
    return i;
}
#elif defined(__AVX2__)
#include <immintrin.h>
#define TT_PHILOX_LANES 8

static inline void tt_philox_mulhilo8(__m256i a, __m256i m, __m256i *hi, __m256i *lo)
{
    __m256i even = _mm256_mul_epu32(a, m);
    __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

static inline int tt_philox_lanes(tt_philox_key key, uint32_t point, uint32_t chunk, uint32_t sample0,
                                  uint32_t sample_step, uint32_t draw0, uint32_t draw_step, int n,
                                  uint32_t *w0, uint32_t *w1, uint32_t *w2, uint32_t *w3)
{
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i m0 = _mm256_set1_epi32((int)TT_PHILOX_M0), m1 = _mm256_set1_epi32((int)TT_PHILOX_M1);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i idx = _mm256_add_epi32(_mm256_set1_epi32(i), lane);
        __m256i c0 = _mm256_add_epi32(_mm256_set1_epi32((int)draw0), _mm256_mullo_epi32(idx, _mm256_set1_epi32((int)draw_step)));
        __m256i c1 = _mm256_add_epi32(_mm256_set1_epi32((int)sample0), _mm256_mullo_epi32(idx, _mm256_set1_epi32((int)sample_step)));
        __m256i c2 = _mm256_set1_epi32((int)chunk), c3 = _mm256_set1_epi32((int)point);
        uint32_t k0 = key.v[0], k1 = key.v[1];
        for (int r = 0; r < 10; ++r) {
            __m256i hi0, lo0, hi1, lo1;
            tt_philox_mulhilo8(c0, m0, &hi0, &lo0);
            tt_philox_mulhilo8(c2, m1, &hi1, &lo1);
            c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32((int)k0));
            c1 = lo1;
            c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32((int)k1));
            c3 = lo0;
            k0 += TT_PHILOX_W0;
            k1 += TT_PHILOX_W1;
        }
        _mm256_storeu_si256((__m256i *)(w0 + i), c0);
        _mm256_storeu_si256((__m256i *)(w1 + i), c1);
        _mm256_storeu_si256((__m256i *)(w2 + i), c2);
        _mm256_storeu_si256((__m256i *)(w3 + i), c3);
    }
    return i;
}
#else
#define TT_PHILOX_LANES 1
static inline int tt_philox_lanes(tt_philox_key key, uint32_t point, uint32_t chunk, uint32_t sample0,
                                  uint32_t sample_step, uint32_t draw0, uint32_t draw_step, int n,
                                  uint32_t *w0, uint32_t *w1, uint32_t *w2, uint32_t *w3)
{
    (void)key; (void)point; (void)chunk; (void)sample0; (void)sample_step; (void)draw0; (void)draw_step;
    (void)n; (void)w0; (void)w1; (void)w2; (void)w3;
    return 0;
}
#endif

#endif
