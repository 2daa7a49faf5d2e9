/* fastmath.h: exp, log, expm1 and sin/cos/tan of pi*x written branch-free, so
 * that gcc vectorises the sampling and tilting loops; about 1e-16 relative. */
#ifndef TAILTILT_FASTMATH_H
#define TAILTILT_FASTMATH_H

#include <math.h>
#include <stdint.h>
#include "defs.h"

/* Every function here is a polynomial after an exact range reduction; the
 * selects are ternaries, which gcc if-converts under -fno-trapping-math. The
 * same text runs on the device, so both backends compute the same values (up
 * to the compiler's fused multiply-adds). */

typedef union { double d; int64_t i; uint64_t u; } tt_bits;

#define TT_LN2_HI 6.93147180369123816490e-01
#define TT_LN2_LO 1.90821492927058770002e-10

/* exp(x) = 2^n e^r, n = round(x / ln 2) by the 1.5*2^52 trick, |r| <= ln2/2,
 * e^r by its degree-12 Taylor polynomial (truncation < 2e-17). Returns 0 for
 * x < -708 and +inf for x > 709 (libm overflows at 709.78: nothing here
 * uses values within that sliver of DBL_MAX). */
TT_FUNCTION double tt_exp(double x)
{
    const double magic = 6755399441055744.0; /* 1.5 * 2^52 */
    double xc = x < -708.0 ? -708.0 : x;
    xc = xc > 709.0 ? 709.0 : xc;
    double kd = xc * 1.4426950408889634 + magic;
    double n = kd - magic;
    double r = xc - n * TT_LN2_HI;
    r = r - n * TT_LN2_LO;
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
    tt_bits k, scale;
    k.d = kd;
    scale.u = ((uint64_t)k.i + 1023u) << 52; /* the low bits of kd hold n (shifted unsigned: no overflow) */
    double y = p * scale.d;
    y = x > 709.0 ? INFINITY : y;
    return x < -708.0 ? 0.0 : y;
}

/* log(x) for finite x > 0 (normal numbers): x = 2^e m, m in [sqrt(1/2),
 * sqrt(2)), log m = 2 atanh(f), f = (m-1)/(m+1), |f| <= 0.1716, series to f^23. */
TT_FUNCTION double tt_log(double x)
{
    tt_bits b, e;
    b.d = x;
    e.u = 0x4330000000000000ULL | ((b.u >> 52) & 0x7ff); /* 2^52 + biased exponent */
    double ed = e.d - 4503599627370496.0 - 1023.0;
    b.u = (b.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL; /* m in [1, 2) */
    double m = b.d;
    int big = m > 1.4142135623730951;
    m = big ? 0.5 * m : m;
    ed = big ? ed + 1.0 : ed;
    double f = (m - 1.0) / (m + 1.0), f2 = f * f;
    double s = 1.0 / 23;
    s = s * f2 + 1.0 / 21;
    s = s * f2 + 1.0 / 19;
    s = s * f2 + 1.0 / 17;
    s = s * f2 + 1.0 / 15;
    s = s * f2 + 1.0 / 13;
    s = s * f2 + 1.0 / 11;
    s = s * f2 + 1.0 / 9;
    s = s * f2 + 1.0 / 7;
    s = s * f2 + 1.0 / 5;
    s = s * f2 + 1.0 / 3;
    double lm = 2.0 * f + 2.0 * f * f2 * s;
    return ed * TT_LN2_HI + (lm + ed * TT_LN2_LO);
}

/* exp(y) - 1: the direct difference loses eps/|y| relatively, so below
 * |y| = 0.1 the Taylor series to y^11 (truncation < 3e-19 relative) takes
 * over; the difference above that is good to about 2e-15. */
TT_FUNCTION double tt_expm1(double y)
{
    double p = 1.0 / 39916800.0;
    p = p * y + 1.0 / 3628800.0;
    p = p * y + 1.0 / 362880.0;
    p = p * y + 1.0 / 40320.0;
    p = p * y + 1.0 / 5040.0;
    p = p * y + 1.0 / 720.0;
    p = p * y + 1.0 / 120.0;
    p = p * y + 1.0 / 24.0;
    p = p * y + 1.0 / 6.0;
    p = p * y + 0.5;
    double small = y + y * y * p;
    return fabs(y) < 0.1 ? small : tt_exp(y) - 1.0;
}

/* sin(pi x) and cos(pi x) for |x| <= 1/4 (|pi x| <= pi/4), Taylor to x^19. */
TT_FUNCTION double tt_sinpi_q(double x)
{
    double t = 3.14159265358979323846 * x, t2 = t * t;
    double s = -1.0 / 121645100408832000.0;
    s = s * t2 + 1.0 / 355687428096000.0;
    s = s * t2 - 1.0 / 1307674368000.0;
    s = s * t2 + 1.0 / 6227020800.0;
    s = s * t2 - 1.0 / 39916800.0;
    s = s * t2 + 1.0 / 362880.0;
    s = s * t2 - 1.0 / 5040.0;
    s = s * t2 + 1.0 / 120.0;
    s = s * t2 - 1.0 / 6.0;
    return t + t * t2 * s;
}

TT_FUNCTION double tt_cospi_q(double x)
{
    double t = 3.14159265358979323846 * x, t2 = t * t;
    double s = 1.0 / 6402373705728000.0;
    s = s * t2 - 1.0 / 20922789888000.0;
    s = s * t2 + 1.0 / 87178291200.0;
    s = s * t2 - 1.0 / 479001600.0;
    s = s * t2 + 1.0 / 3628800.0;
    s = s * t2 - 1.0 / 40320.0;
    s = s * t2 + 1.0 / 720.0;
    s = s * t2 - 1.0 / 24.0;
    s = s * t2 + 0.5;
    return 1.0 - t2 * s;
}

/* cos(2 pi c) for |c| <= 1/2: with a = |2c| folded to b = min(a, 1 - a)
 * (exact), cos(pi a) = +-cos(pi b), pi b <= pi/2, by Taylor to theta^22
 * (truncation < 1e-19; absolute error about 1e-16). */
TT_FUNCTION double tt_cos2pi(double c)
{
    double a = fabs(2.0 * c);
    double b = a <= 0.5 ? a : 1.0 - a;
    double t = 3.14159265358979323846 * b, t2 = t * t;
    double p = 1.0 / 1124000727777607680000.0;
    p = p * t2 - 1.0 / 2432902008176640000.0;
    p = p * t2 + 1.0 / 6402373705728000.0;
    p = p * t2 - 1.0 / 20922789888000.0;
    p = p * t2 + 1.0 / 87178291200.0;
    p = p * t2 - 1.0 / 479001600.0;
    p = p * t2 + 1.0 / 3628800.0;
    p = p * t2 - 1.0 / 40320.0;
    p = p * t2 + 1.0 / 720.0;
    p = p * t2 - 1.0 / 24.0;
    p = p * t2 + 0.5;
    double cb = 1.0 - t2 * p;
    return a <= 0.5 ? cb : -cb;
}

/* tan(pi x) for |x| <= 1/4. */
TT_FUNCTION double tt_tanpi_q(double x)
{
    return tt_sinpi_q(x) / tt_cospi_q(x);
}

#endif
