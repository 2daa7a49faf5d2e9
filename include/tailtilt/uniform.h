/* uniform.h: a 64-bit integer turned into a uniform on (0,1) that resolves
 * 2^-64 at both ends, so that no sampler loses its tail to rounding. */
#ifndef TAILTILT_UNIFORM_H
#define TAILTILT_UNIFORM_H

#include "defs.h"

/* k in [0, 2^64) stands for the uniform u = (k + 1/2) 2^-64, kept three ways,
 * each exact where it is small:
 *   p = u          in (0, 1]     (exact near 0; may round to 1 near 1)
 *   q = 1 - u      in (0, 1]     (exact near 0, i.e. for u near 1)
 *   c = u - 1/2    in [-1/2,1/2] (exact near 0; for |c| near 1/2 use p or q)
 * The smallest p or q is 2^-65, so a quantile transform reaches probability
 * 2.7e-20 in either tail, below the 1e-18 bound of docs/design.md. */
typedef struct { double p, q, c; } tt_u01;

#define TT_TWO_M64 5.421010862427522170037e-20 /* 2^-64 */

/* uint32 to double through a signed conversion, which vectorises (exact). */
TT_FUNCTION double tt_u32_to_double(uint32_t x)
{
    return (double)(int32_t)(x ^ 0x80000000u) + 2147483648.0;
}

/* k = hi 2^32 + lo. Each of p, q, c is one correctly rounded sum of two exact
 * parts, so it equals the direct 64-bit conversion bit for bit, while using
 * only 32-bit conversions (which AVX2 has). */
TT_FUNCTION tt_u01 tt_u01_from_bits(uint32_t lo, uint32_t hi)
{
    const double two32 = 4294967296.0;
    tt_u01 u;
    u.p = (tt_u32_to_double(hi) * two32 + tt_u32_to_double(lo) + 0.5) * TT_TWO_M64;
    u.q = (tt_u32_to_double(~hi) * two32 + tt_u32_to_double(~lo) + 0.5) * TT_TWO_M64;
    u.c = ((double)(int32_t)(hi ^ 0x80000000u) * two32 + tt_u32_to_double(lo) + 0.5) * TT_TWO_M64;
    return u;
}

#endif
