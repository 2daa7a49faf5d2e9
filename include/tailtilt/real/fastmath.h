/* real/fastmath.h (generic body, included by fastmath.h once per precision):
 * exp, log, expm1, sin/cos of pi x, branch-free so that loops vectorise.
 * Double keeps about 1e-16 relative; float about 1e-7 (fewer terms). */

typedef union { TT_REAL d; TT_SINT i; TT_UINT u; } TT_R(tt_bits);

/* a / b; on the device in float, the hardware reciprocal (2 ulp) instead of
 * the IEEE division's subroutine. */
TT_FUNCTION TT_REAL TT_R(tt_div)(TT_REAL a, TT_REAL b)
{
#if !TT_REAL_DOUBLE && TT_DEVICE_COMPILE
    return __fdividef(a, b);
#else
    return a / b;
#endif
}

/* sqrt(x) for x >= 0; on the device in float, x rsqrt(x) (2 ulp). */
TT_FUNCTION TT_REAL TT_R(tt_sqrt)(TT_REAL x)
{
#if !TT_REAL_DOUBLE && TT_DEVICE_COMPILE
    return x > 0.0f ? x * rsqrtf(x) : 0.0f;
#else
    return TT_SQRT(x);
#endif
}

/* exp(x) = 2^n e^r, n = round(x / ln 2) by the 1.5 * 2^mantissa trick,
 * |r| <= ln2/2, e^r by Taylor (to r^12 in double, truncation < 2e-17; to
 * r^7 in float, < 1e-8). Returns 0 below TT_EXP_LO and +inf above TT_EXP_HI. */
TT_FUNCTION TT_REAL TT_R(tt_exp)(TT_REAL x)
{
    const TT_REAL magic = TT_K(1.5) * TT_TWO_MANT;
    TT_REAL xc = x < TT_EXP_LO ? TT_EXP_LO : x;
    xc = xc > TT_EXP_HI ? TT_EXP_HI : xc;
    TT_REAL kd = xc * TT_K(1.4426950408889634) + magic;
    TT_REAL n = kd - magic;
    TT_REAL r = xc - n * TT_LN2_HI_R;
    r = r - n * TT_LN2_LO_R;
#if TT_REAL_DOUBLE
    TT_REAL p = 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
#else
    TT_REAL p = TT_K(1.0 / 5040.0);
#endif
    p = p * r + TT_K(1.0 / 720.0);
    p = p * r + TT_K(1.0 / 120.0);
    p = p * r + TT_K(1.0 / 24.0);
    p = p * r + TT_K(1.0 / 6.0);
    p = p * r + TT_K(0.5);
    p = p * r + TT_K(1.0);
    p = p * r + TT_K(1.0);
    TT_R(tt_bits) k, scale;
    k.d = kd;
    scale.u = ((TT_UINT)k.i + TT_BIAS) << TT_MANT; /* the low bits of kd hold n (unsigned shift: no overflow) */
    TT_REAL y = p * scale.d;
    y = x > TT_EXP_HI ? (TT_REAL)INFINITY : y;
    return x < TT_EXP_LO ? TT_K(0.0) : y;
}

/* log x = e log 2 + log m for finite x > 0 (normal numbers): x = 2^e m,
 * m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(f), f = (m-1)/(m+1),
 * |f| <= 0.1716, the series to f^23 in double, to f^9 in float. */
TT_FUNCTION void TT_R(tt_log_parts)(TT_REAL x, TT_REAL *e, TT_REAL *log_m)
{
    TT_R(tt_bits) b, eb;
    b.d = x;
    eb.u = TT_TWO_MANT_BITS | ((b.u >> TT_MANT) & (2 * TT_BIAS + 1)); /* 2^mantissa + biased exponent */
    TT_REAL ed = eb.d - TT_TWO_MANT - TT_K(TT_BIAS);
    b.u = (b.u & TT_MANT_MASK) | TT_ONE_BITS; /* m in [1, 2) */
    TT_REAL m = b.d;
    int big = m > TT_K(1.4142135623730951);
    m = big ? TT_K(0.5) * m : m;
    *e = big ? ed + TT_K(1.0) : ed;
    TT_REAL f = TT_R(tt_div)(m - TT_K(1.0), m + TT_K(1.0)), f2 = f * f;
#if TT_REAL_DOUBLE
    TT_REAL s = 1.0 / 23;
    s = s * f2 + 1.0 / 21;
    s = s * f2 + 1.0 / 19;
    s = s * f2 + 1.0 / 17;
    s = s * f2 + 1.0 / 15;
    s = s * f2 + 1.0 / 13;
    s = s * f2 + 1.0 / 11;
    s = s * f2 + 1.0 / 9;
#else
    TT_REAL s = TT_K(1.0 / 9);
#endif
    s = s * f2 + TT_K(1.0 / 7);
    s = s * f2 + TT_K(1.0 / 5);
    s = s * f2 + TT_K(1.0 / 3);
    *log_m = TT_K(2.0) * f + TT_K(2.0) * f * f2 * s;
}

TT_FUNCTION TT_REAL TT_R(tt_log)(TT_REAL x)
{
    TT_REAL e, lm;
    TT_R(tt_log_parts)(x, &e, &lm);
    return e * TT_LN2_HI_R + (lm + e * TT_LN2_LO_R);
}

/* x^g for finite x > 0 (normal numbers) and g = g_hi + g_lo (g_lo: what
 * rounding g to the real type lost). In float as 2^(g e + g log2 m): the
 * product g e is split exactly into an integer n and a fraction (a fused
 * multiply-add gives its rounding error), so a result of size 2^40 keeps a
 * relative error of a few ulp, where exp(g log x) would lose |g log x| ulp.
 * Double can afford those ulp (|g log x| 2^-53 < 1e-14) and keeps exp(g log x). */
TT_FUNCTION TT_REAL TT_R(tt_pow)(TT_REAL x, TT_REAL g_hi, TT_REAL g_lo)
{
#if TT_REAL_DOUBLE
    return tt_exp((g_hi + g_lo) * tt_log(x));
#else
    const TT_REAL magic = TT_K(1.5) * TT_TWO_MANT;
    TT_REAL e, lm;
    TT_R(tt_log_parts)(x, &e, &lm);
    TT_REAL a = g_hi * e, a_err = TT_FMA(g_hi, e, -a); /* g_hi e = a + a_err exactly */
    TT_REAL n = (a + magic) - magic;                  /* round(a) */
    TT_REAL f = ((a - n) + a_err) + g_lo * e + (g_hi + g_lo) * lm * TT_K(1.4426950408889634);
    n = n < TT_K(1 - TT_BIAS) ? TT_K(1 - TT_BIAS) : (n > TT_K(TT_BIAS) ? TT_K(TT_BIAS) : n);
    TT_R(tt_bits) k, scale;
    k.d = n + magic; /* its low bits hold n, as in tt_exp (no float-to-integer conversion, which AVX2 lacks) */
    scale.u = ((TT_UINT)k.i + TT_BIAS) << TT_MANT; /* 2^n */
    return TT_R(tt_exp)(f * TT_K(0.69314718055994531)) * scale.d;
#endif
}

/* log(x) for x in (0, 1] where an absolute error of 1e-7 is enough (the
 * argument of a smooth function): on the device in float, the hardware's
 * log2 (absolute error 2^-22); elsewhere tt_log. */
TT_FUNCTION TT_REAL TT_R(tt_log_unit)(TT_REAL x)
{
#if !TT_REAL_DOUBLE && TT_DEVICE_COMPILE
    return __log2f(x) * 0.69314718055994531f;
#else
    return TT_R(tt_log)(x);
#endif
}

/* exp(y) - 1 for |y| < 0.1 by Taylor (to y^11 in double, y^6 in float). */
TT_FUNCTION TT_REAL TT_R(tt_expm1_small)(TT_REAL y)
{
#if TT_REAL_DOUBLE
    TT_REAL p = 1.0 / 39916800.0;
    p = p * y + 1.0 / 3628800.0;
    p = p * y + 1.0 / 362880.0;
    p = p * y + 1.0 / 40320.0;
    p = p * y + 1.0 / 5040.0;
    p = p * y + 1.0 / 720.0;
#else
    TT_REAL p = TT_K(1.0 / 720.0);
#endif
    p = p * y + TT_K(1.0 / 120.0);
    p = p * y + TT_K(1.0 / 24.0);
    p = p * y + TT_K(1.0 / 6.0);
    p = p * y + TT_K(0.5);
    return y + y * y * p;
}

/* exp(y) - 1: the direct difference loses eps/|y| relatively, so below
 * |y| = 0.1 the series takes over. */
TT_FUNCTION TT_REAL TT_R(tt_expm1)(TT_REAL y)
{
    TT_REAL small = TT_R(tt_expm1_small)(y);
    return TT_FABS(y) < TT_K(0.1) ? small : TT_R(tt_exp)(y) - TT_K(1.0);
}

/* x^g - 1 given log_x = log x (accurate also near x = 1): the series of
 * exp(g log x) - 1 where that is small, tt_pow - 1 elsewhere. */
TT_FUNCTION TT_REAL TT_R(tt_pow_m1)(TT_REAL x, TT_REAL log_x, TT_REAL g_hi, TT_REAL g_lo)
{
    TT_REAL y = (g_hi + g_lo) * log_x;
    TT_REAL small = TT_R(tt_expm1_small)(y);
    return TT_FABS(y) < TT_K(0.1) ? small : TT_R(tt_pow)(x, g_hi, g_lo) - TT_K(1.0);
}

/* sin(pi x) and cos(pi x) for |x| <= 1/4 (|pi x| <= pi/4), Taylor to x^19
 * (sin) and x^18 (cos) in double, x^11 and x^10 in float. */
TT_FUNCTION TT_REAL TT_R(tt_sinpi_q)(TT_REAL x)
{
    TT_REAL t = TT_K(3.14159265358979323846) * x, t2 = t * t;
#if TT_REAL_DOUBLE
    TT_REAL s = -1.0 / 121645100408832000.0;
    s = s * t2 + 1.0 / 355687428096000.0;
    s = s * t2 - 1.0 / 1307674368000.0;
    s = s * t2 + 1.0 / 6227020800.0;
    s = s * t2 - 1.0 / 39916800.0;
#else
    TT_REAL s = TT_K(-1.0 / 39916800.0);
#endif
    s = s * t2 + TT_K(1.0 / 362880.0);
    s = s * t2 - TT_K(1.0 / 5040.0);
    s = s * t2 + TT_K(1.0 / 120.0);
    s = s * t2 - TT_K(1.0 / 6.0);
    return t + t * t2 * s;
}

TT_FUNCTION TT_REAL TT_R(tt_cospi_q)(TT_REAL x)
{
    TT_REAL t = TT_K(3.14159265358979323846) * x, t2 = t * t;
#if TT_REAL_DOUBLE
    TT_REAL s = 1.0 / 6402373705728000.0;
    s = s * t2 - 1.0 / 20922789888000.0;
    s = s * t2 + 1.0 / 87178291200.0;
    s = s * t2 - 1.0 / 479001600.0;
    s = s * t2 + 1.0 / 3628800.0;
#else
    TT_REAL s = TT_K(1.0 / 3628800.0);
#endif
    s = s * t2 - TT_K(1.0 / 40320.0);
    s = s * t2 + TT_K(1.0 / 720.0);
    s = s * t2 - TT_K(1.0 / 24.0);
    s = s * t2 + TT_K(0.5);
    return TT_K(1.0) - t2 * s;
}

/* tan(pi x) for |x| <= 1/4. */
TT_FUNCTION TT_REAL TT_R(tt_tanpi_q)(TT_REAL x)
{
    return TT_R(tt_div)(TT_R(tt_sinpi_q)(x), TT_R(tt_cospi_q)(x));
}
