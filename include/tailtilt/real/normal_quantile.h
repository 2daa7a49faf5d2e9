/* real/normal_quantile.h (generic body, included by normal_quantile.h once
 * per precision): the standard normal quantile. Double: Wichura's AS 241
 * (PPND16, relative error about 1e-16). Float: polynomials fitted for float
 * (tools/fit_normal_quantile.py: fit error below 1.4e-8, evaluated in float
 * within 3 ulp), since AS 241's rationals lose 7 ulp to float rounding and
 * cost divisions; its central piece reaches |c| = 0.4993, so that the tail's
 * formula is needed by 0.14% of draws (on a GPU, by 4% of warps). */

/* Central region |c| <= TT_NORMAL_CENTRAL (normal_quantile.h), c = u - 1/2:
 * c times a function of c^2 (double), or of w = -log(4 t (1 - t)) =
 * -log(1 - 4 c^2) with t = min(u, 1 - u) the tail probability (float: from
 * t, which is exact where 1 - 4 c^2 would cancel). */
TT_FUNCTION TT_REAL TT_R(tt_normal_quantile_central)(TT_R(tt_u01) u)
{
    TT_REAL c = u.c;
#if TT_REAL_DOUBLE
    double r = 0.180625 - c * c;
    double num = ((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
        + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
        + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
        + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0;
    double den = ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
        + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
        + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
        + 4.2313330701600911252e+1) * r + 1.0;
    return c * num / den;
#else
    /* w / 6 in [0, 1] (a rounding above 1 in 4 t (1 - t) clamped) */
    float t = c < 0 ? u.p : u.q;
    float x = 4.0f * t * (1.0f - t);
    float s = TT_R(tt_log_unit)(x < 1.0f ? x : 1.0f) * -0.16666666666666666f;
    float z = 1.069778365e-01f;
    z = z * s - 6.909089907e-01f;
    z = z * s + 1.818483193e+00f;
    z = z * s - 2.305368038e+00f;
    z = z * s + 9.555222848e-01f;
    z = z * s + 8.261747600e-01f;
    z = z * s - 4.338232482e-01f;
    z = z * s - 1.430286582e+00f;
    z = z * s + 1.176186743e+00f;
    z = z * s + 3.937398555e+00f;
    z = z * s + 2.506628288e+00f;
    return c * z;
#endif
}

/* Tails: tail = min(u, 1-u), exact near 0, up to 1/2 - TT_NORMAL_CENTRAL;
 * r = sqrt(-log tail). Returns a value > 0. The formulas of both pieces of
 * r are evaluated and one is selected, so there is no branch. */
TT_FUNCTION TT_REAL TT_R(tt_normal_quantile_tail)(TT_REAL tail)
{
    TT_REAL r = TT_R(tt_sqrt)(-TT_R(tt_log_unit)(tail)); /* |log tail| >= 0.69: the absolute error is a relative one */
#if TT_REAL_DOUBLE
    double a = r - 1.6, b = r - 5.0;
    double na = ((((((7.74545014278341407640e-4 * a + 2.27238449892691845833e-2) * a
        + 2.41780725177450611770e-1) * a + 1.27045825245236838258e+0) * a
        + 3.64784832476320460504e+0) * a + 5.76949722146069140550e+0) * a
        + 4.63033784615654529590e+0) * a + 1.42343711074968357734e+0;
    double da = ((((((1.05075007164441684324e-9 * a + 5.47593808499534494600e-4) * a
        + 1.51986665636164571966e-2) * a + 1.48103976427480074590e-1) * a
        + 6.89767334985100004550e-1) * a + 1.67638483018380384940e+0) * a
        + 2.05319162663775882187e+0) * a + 1.0;
    double nb = ((((((2.01033439929228813265e-7 * b + 2.71155556874348757815e-5) * b
        + 1.24266094738807843860e-3) * b + 2.65321895265761230930e-2) * b
        + 2.96560571828504891230e-1) * b + 1.78482653991729133580e+0) * b
        + 5.46378491116411436990e+0) * b + 6.65790464350110377720e+0;
    double db = ((((((2.04426310338993978564e-15 * b + 1.42151175831644588870e-7) * b
        + 1.84631831751005468180e-5) * b + 7.86869131145613259100e-4) * b
        + 1.48753612908506148525e-2) * b + 1.36929880922735805310e-1) * b
        + 5.99832206555887937690e-1) * b + 1.0;
    return r <= 5.0 ? na / da : nb / db;
#else
    float a = (r - 1.5174271293851465f) * 0.67450310188481954f; /* r in [1.517, 3]: a in [0, 1] */
    float za = -4.061477641e-03f;
    za = za * a + 2.254488453e-02f;
    za = za * a - 5.950345213e-02f;
    za = za * a + 1.055803077e-01f;
    za = za * a - 1.540233466e-01f;
    za = za * a + 2.130860571e-01f;
    za = za * a - 3.034158572e-01f;
    za = za * a + 2.563778812e+00f;
    za = za * a + 1.281551576e+00f;
    float b = (r - 3.0f) * 0.27027027027027023f; /* r in [3, 6.7]: b in [0, 1] */
    float zb = -1.560628050e-02f;
    zb = zb * b + 8.218730204e-02f;
    zb = zb * b - 1.991381519e-01f;
    zb = zb * b + 3.079907345e-01f;
    zb = zb * b - 3.661464345e-01f;
    zb = zb * b + 3.877316797e-01f;
    zb = zb * b - 4.059593034e-01f;
    zb = zb * b + 5.680911795e+00f;
    zb = zb * b + 3.665537583e+00f;
    return r <= 3.0f ? za : zb;
#endif
}

/* Outside the central region: the tail's formula, signed. */
TT_FUNCTION TT_REAL TT_R(tt_normal_quantile_outer)(TT_R(tt_u01) u)
{
    TT_REAL t = u.c < 0 ? u.p : u.q;
    TT_REAL z = TT_R(tt_normal_quantile_tail)(t < TT_K(0.5) ? t : TT_K(0.5));
    return u.c < 0 ? -z : z;
}

/* On a GPU the float tail is a branch that 4% of warps take; elsewhere, and
 * in double (where a quarter of warps would), both pieces and a select. */
TT_FUNCTION TT_REAL TT_R(tt_normal_quantile)(TT_R(tt_u01) u)
{
#if !TT_REAL_DOUBLE && TT_DEVICE_COMPILE
#ifdef TT_SASS_CENTRAL_ONLY /* bench/sass_bound.py: the instructions of the warps without a tail lane */
    return TT_R(tt_normal_quantile_central)(u);
#endif
    if (TT_FABS(u.c) <= TT_R(TT_NORMAL_CENTRAL))
        return TT_R(tt_normal_quantile_central)(u);
    return TT_R(tt_normal_quantile_outer)(u);
#else
    TT_REAL central = TT_R(tt_normal_quantile_central)(u), outer = TT_R(tt_normal_quantile_outer)(u);
    return TT_FABS(u.c) <= TT_R(TT_NORMAL_CENTRAL) ? central : outer;
#endif
}
