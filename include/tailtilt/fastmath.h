/* fastmath.h: exp for the tilting inner loop, branch-free so that compilers
 * vectorise it; relative error below 4e-16 on [-745, 709]. */
#ifndef TAILTILT_FASTMATH_H
#define TAILTILT_FASTMATH_H

#include <math.h>
#include <stdint.h>
#include "defs.h"

/* exp(x) = 2^n e^r, n = round(x / ln 2), |r| <= ln2/2, e^r by a degree-12
 * Taylor polynomial (truncation < 1e-17). The rounding uses the 1.5*2^52
 * trick, so no float-to-int conversion is needed. x < -708 returns 0 (weights
 * that small vanish against the largest weight, which is 1). Written with
 * ternaries and a union so that gcc -fno-trapping-math vectorises it. */
TT_FUNCTION double tt_exp(double x)
{
#if TT_DEVICE_COMPILE
    return exp(x);
#else
    const double magic = 6755399441055744.0; /* 1.5 * 2^52 */
    double xc = x < -708.0 ? -708.0 : x;
    xc = xc > 709.0 ? 709.0 : xc;
    double kd = xc * 1.4426950408889634 + magic;
    double n = kd - magic;
    double r = xc - n * 6.93147180369123816490e-01; /* ln2 high part */
    r = r - n * 1.90821492927058770002e-10;        /* ln2 low part */
    double p = 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    union { double d; int64_t i; } k, scale;
    k.d = kd;
    scale.i = (k.i + 1023) << 52; /* the low bits of kd hold n */
    double y = p * scale.d;
    return x < -708.0 ? 0.0 : y;
#endif
}

#endif
