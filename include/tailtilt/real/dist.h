/* real/dist.h (generic body, included by dist.h once per precision): the
 * laws' standard forms, each a pure transform of its uniforms, no rejection.
 * Parameters are the tt_dist's doubles, rounded once to the real type. */

TT_FUNCTION TT_REAL TT_R(tt_std_normal)(TT_R(tt_u01) u) { return TT_R(tt_normal_quantile)(u); }

/* Bailey's polar method without rejection:
 * Z = sqrt(df (W^(-2/df) - 1)) cos(2 pi A), W and A independent uniforms. */
TT_FUNCTION TT_REAL TT_R(tt_std_student_t)(TT_REAL df, TT_REAL m2df, TT_REAL m2df_lo, TT_R(tt_u01) w,
                                           TT_R(tt_u01) a)
{
    TT_REAL r2 = df * TT_R(tt_pow_m1)(w.p, TT_R(tt_u01_log_p)(w), m2df, m2df_lo);
    return TT_R(tt_sqrt)(r2) * TT_R(tt_u01_cos2pi)(a);
}

/* exp(sigma z). In float, z's few ulp are multiplied by |sigma z|, so beyond
 * |sigma z| = TT_LOGNORMAL_FLOAT_REACH (dist.h; a tail of probability 2e-4 at
 * sigma = 1) the value is the double path's, rounded: a branch these rare
 * lanes take. */
TT_FUNCTION TT_REAL TT_R(tt_std_lognormal)(TT_REAL sigma, double sigma_d, TT_R(tt_u01) u)
{
    TT_REAL y = sigma * TT_R(tt_normal_quantile)(u);
#if !TT_REAL_DOUBLE
    if (fabsf(y) > TT_LOGNORMAL_FLOAT_REACH)
        return (float)tt_exp(sigma_d * tt_normal_quantile(tt_u01_from_bits(u.lo, u.hi)));
#else
    (void)sigma_d;
#endif
    return TT_R(tt_exp)(y);
}

TT_FUNCTION TT_REAL TT_R(tt_std_levy)(TT_R(tt_u01) u)
{
    TT_REAL z = TT_R(tt_normal_quantile)(u);
    return TT_R(tt_div)(TT_K(1.0), z * z);
}

/* q^(-1/alpha); inv_lo: what rounding 1/alpha to the real type lost. */
TT_FUNCTION TT_REAL TT_R(tt_std_pareto)(TT_REAL inv_alpha, TT_REAL inv_lo, TT_R(tt_u01) u)
{
    return TT_R(tt_pow)(u.q, -inv_alpha, -inv_lo);
}

TT_FUNCTION TT_REAL TT_R(tt_std_lomax)(TT_REAL inv_alpha, TT_REAL inv_lo, TT_R(tt_u01) u)
{
    return TT_R(tt_pow_m1)(u.q, TT_R(tt_u01_log_q)(u), -inv_alpha, -inv_lo);
}

/* tan(pi c), through cot(pi q) or cot(pi p) in the tails so that the
 * resolution of q and p near 0 carries into the tails. */
TT_FUNCTION TT_REAL TT_R(tt_std_cauchy)(TT_R(tt_u01) u)
{
    TT_REAL mid = TT_R(tt_tanpi_q)(TT_FABS(u.c) <= TT_K(0.25) ? u.c : TT_K(0.0));
    TT_REAL hi = TT_R(tt_div)(TT_K(1.0), TT_R(tt_tanpi_q)(u.c > TT_K(0.25) ? u.q : TT_K(0.25)));
    TT_REAL lo = -TT_R(tt_div)(TT_K(1.0), TT_R(tt_tanpi_q)(u.c < TT_K(-0.25) ? u.p : TT_K(0.25)));
    return u.c > TT_K(0.25) ? hi : (u.c < TT_K(-0.25) ? lo : mid);
}

TT_FUNCTION TT_REAL TT_R(tt_std_exponential)(TT_R(tt_u01) u) { return -TT_R(tt_u01_log_q)(u); }

TT_FUNCTION TT_REAL TT_R(tt_std_laplace)(TT_R(tt_u01) u)
{
    return u.c < 0 ? TT_R(tt_log)(TT_K(2.0) * u.p) : -TT_R(tt_log)(TT_K(2.0) * u.q);
}

/* (-log q)^(1/k); the smallest -log q (2^-65) keeps its precision through
 * tt_u01_log_q. */
TT_FUNCTION TT_REAL TT_R(tt_std_weibull)(TT_REAL inv_k, TT_REAL inv_lo, TT_R(tt_u01) u)
{
    TT_REAL e = -TT_R(tt_u01_log_q)(u);
    const TT_REAL tiny = TT_REAL_DOUBLE ? TT_K(1e-300) : TT_K(1e-37);
    return TT_R(tt_pow)(e > tiny ? e : tiny, inv_k, inv_lo);
}

TT_FUNCTION TT_REAL TT_R(tt_std_uniform)(TT_R(tt_u01) u) { return u.p; }

/* Resampling (tt_std_empirical_d, in dist.h): computed in double in both
 * precisions, since an index is exact or wrong. */
TT_FUNCTION TT_REAL TT_R(tt_std_empirical)(const tt_dist *d, TT_R(tt_u01) u)
{
#if TT_REAL_DOUBLE
    return tt_std_empirical_d(d, u.p, u.q);
#else
    tt_u01 ud = (u.lo | u.hi) ? tt_u01_from_bits(u.lo, u.hi) : tt_u01_from_p((double)u.p);
    return (float)tt_std_empirical_d(d, ud.p, ud.q);
#endif
}

/* Standard form Z of law d from uniforms u0 (and u1 for student_t). The
 * switch names every law and has no default: a law without its sampler does
 * not compile (-Werror=switch). */
TT_FUNCTION TT_REAL TT_R(tt_dist_standard)(const tt_dist *d, TT_R(tt_u01) u0, TT_R(tt_u01) u1)
{
    TT_REAL shape = (TT_REAL)d->shape, inv = (TT_REAL)d->inv_shape;
    TT_REAL inv_lo = (TT_REAL)(d->inv_shape - (double)inv); /* 0 in double */
    switch ((tt_dist_kind)d->kind) {
    case TT_NORMAL: return TT_R(tt_std_normal)(u0);
    case TT_STUDENT_T: return TT_R(tt_std_student_t)(shape, inv, inv_lo, u0, u1);
    case TT_LOGNORMAL: return TT_R(tt_std_lognormal)(shape, d->shape, u0);
    case TT_LEVY: return TT_R(tt_std_levy)(u0);
    case TT_PARETO: return TT_R(tt_std_pareto)(inv, inv_lo, u0);
    case TT_LOMAX: return TT_R(tt_std_lomax)(inv, inv_lo, u0);
    case TT_CAUCHY: return TT_R(tt_std_cauchy)(u0);
    case TT_EXPONENTIAL: return TT_R(tt_std_exponential)(u0);
    case TT_LAPLACE: return TT_R(tt_std_laplace)(u0);
    case TT_WEIBULL: return TT_R(tt_std_weibull)(inv, inv_lo, u0);
    case TT_UNIFORM: return TT_R(tt_std_uniform)(u0);
    case TT_EMPIRICAL: return TT_R(tt_std_empirical)(d, u0);
    case TT_DIST_COUNT: break; /* not a law */
    }
    return (TT_REAL)NAN;
}

/* X = loc + scale Z for law d, whose kind is `kind` unless that is
 * TT_ANY_LAW. A constant kind (a GPU kernel specialised on its law pair)
 * leaves, once inlined, that law's sampler alone instead of every law's. */
TT_FUNCTION TT_REAL TT_R(tt_dist_sample_as)(const tt_dist *d, int kind, TT_R(tt_u01) u0, TT_R(tt_u01) u1)
{
    TT_REAL z;
    if (kind == TT_NORMAL)
        z = TT_R(tt_std_normal)(u0);
    else if (kind == TT_STUDENT_T) {
        TT_REAL inv = (TT_REAL)d->inv_shape;
        z = TT_R(tt_std_student_t)((TT_REAL)d->shape, inv, (TT_REAL)(d->inv_shape - (double)inv), u0, u1);
    } else
        z = TT_R(tt_dist_standard)(d, u0, u1);
    return (TT_REAL)d->loc + (TT_REAL)d->scale * z;
}

TT_FUNCTION TT_REAL TT_R(tt_dist_sample)(const tt_dist *d, TT_R(tt_u01) u0, TT_R(tt_u01) u1)
{
    return TT_R(tt_dist_sample_as)(d, TT_ANY_LAW, u0, u1);
}
