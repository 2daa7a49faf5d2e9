/* real/uniform.h (generic body, included by uniform.h once per precision):
 * a 64-bit integer k as the uniform u = (k + 1/2) 2^-64, kept three ways,
 * each exact (double) or correctly rounded to a few ulp (float) where small:
 *   p = u          in (0, 1]     (near 0; may round to 1 near 1)
 *   q = 1 - u      in (0, 1]     (near 0, i.e. for u near 1)
 *   c = u - 1/2    in [-1/2,1/2] (near 0; for |c| near 1/2 use p or q)
 * and the words themselves, for reductions done in integer arithmetic.
 * Float's exponent reaches 2^-126, so p and q resolve 2^-65 in both. */
typedef struct {
    TT_REAL p, q, c;
    uint32_t lo, hi;
} TT_R(tt_u01);

/* uint32 to the real type: in double through a signed conversion, which
 * vectorises and is exact; in float the direct conversion (rounded once). */
TT_FUNCTION TT_REAL TT_R(tt_u32_to_real)(uint32_t x)
{
#if TT_REAL_DOUBLE
    return (double)(int32_t)(x ^ 0x80000000u) + 2147483648.0;
#else
    return (float)x;
#endif
}

/* k = hi 2^32 + lo. Each of p, q, |c| is a sum of two converted words: in
 * double one correctly rounded sum of exact parts (the direct 64-bit
 * conversion, bit for bit); in float within 1.5 ulp. */
TT_FUNCTION TT_R(tt_u01) TT_R(tt_u01_from_bits)(uint32_t lo, uint32_t hi)
{
    const TT_REAL two32 = TT_K(4294967296.0), two_m64 = TT_K(5.421010862427522170037e-20);
    TT_R(tt_u01) u;
    u.p = (TT_R(tt_u32_to_real)(hi) * two32 + TT_R(tt_u32_to_real)(lo) + TT_K(0.5)) * two_m64;
    u.q = (TT_R(tt_u32_to_real)(~hi) * two32 + TT_R(tt_u32_to_real)(~lo) + TT_K(0.5)) * two_m64;
    /* c = (k - 2^63 + 1/2) 2^-64 from |k - 2^63| as words, so that the sum
     * has no cancellation (in float, -2^32 + lo would lose lo's low bits) */
    uint32_t above = hi >> 31, m_hi = (above ? hi : ~hi) & 0x7fffffffu, m_lo = above ? lo : ~lo;
    TT_REAL mag = (TT_R(tt_u32_to_real)(m_hi) * two32 + TT_R(tt_u32_to_real)(m_lo) + TT_K(0.5)) * two_m64;
    u.c = above ? mag : -mag;
    u.lo = lo;
    u.hi = hi;
    return u;
}

/* A uniform given by its value p alone (no words): tails and draws that
 * need only p and q. */
TT_FUNCTION TT_R(tt_u01) TT_R(tt_u01_from_p)(TT_REAL p)
{
    TT_R(tt_u01) u;
    u.p = p;
    u.q = TT_K(1.0) - p;
    u.c = p - TT_K(0.5);
    u.lo = u.hi = 0;
    return u;
}

/* log p, accurate near p = 1 too: where p > 1/2 it was rounded from 1 - q,
 * and that rounding, r = (1 - p) - q (1 - p exact by Sterbenz's lemma), is
 * added back: log(p + r) = log p + r/p, and 1/p = 2 - p to first order. */
TT_FUNCTION TT_REAL TT_R(tt_u01_log_p)(TT_R(tt_u01) u)
{
    TT_REAL r = (TT_K(1.0) - u.p) - u.q; /* exact: 1 - p is exact for p in [1/2, 1] */
    TT_REAL l = TT_R(tt_log)(u.p);
    return u.p > TT_K(0.5) ? l + r * (TT_K(2.0) - u.p) : l;
}

/* log q likewise, accurate near q = 1 (p small). */
TT_FUNCTION TT_REAL TT_R(tt_u01_log_q)(TT_R(tt_u01) u)
{
    TT_REAL r = (TT_K(1.0) - u.q) - u.p;
    TT_REAL l = TT_R(tt_log)(u.q);
    return u.q > TT_K(0.5) ? l + r * (TT_K(2.0) - u.q) : l;
}

/* cos(2 pi c) = -cos(2 pi u) from the words: the argument is reduced in
 * integer arithmetic, exactly, to (2m + 1) 2^-64 <= 1/4, then sin or cos of
 * pi times it, so the relative precision holds next to the zeros too. */
TT_FUNCTION TT_REAL TT_R(tt_u01_cos2pi)(TT_R(tt_u01) u)
{
    const uint64_t m63 = 0x7fffffffffffffffULL, m62 = 0x3fffffffffffffffULL;
    uint64_t k = (uint64_t)u.hi << 32 | u.lo;
    uint64_t j = (k ^ ((k >> 63) - 1)) & m63; /* |2u - 1| = (2j + 1) 2^-64 */
    int far = (int)(j >> 62);                 /* |2u - 1| > 1/2: fold to 1 - |2u - 1| */
    uint64_t b = far ? j ^ m63 : j;           /* cos(2 pi c) = (far ? -1 : 1) cos(pi (2b + 1) 2^-64) */
    int past = (int)(b >> 61);                /* past 1/4: cos(pi x) = sin(pi (1/2 - x)) */
    uint64_t m = past ? b ^ m62 : b;
    uint64_t v = 2 * m + 1;
    TT_REAL x = (TT_R(tt_u32_to_real)((uint32_t)(v >> 32)) * TT_K(4294967296.0) + TT_R(tt_u32_to_real)((uint32_t)v)) *
                TT_K(5.421010862427522170037e-20);
    TT_REAL c = past ? TT_R(tt_sinpi_q)(x) : TT_R(tt_cospi_q)(x);
    return far ? -c : c;
}
