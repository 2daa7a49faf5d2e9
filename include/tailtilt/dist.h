/* dist.h: the distributions as plain parameter structs, and their samplers:
 * each a quantile-type transform of one or two two-sided uniforms, no rejection. */
#ifndef TAILTILT_DIST_H
#define TAILTILT_DIST_H

#include <math.h>
#include "fastmath.h"
#include "normal_quantile.h"

typedef enum {
    TT_NORMAL = 0,
    TT_STUDENT_T,
    TT_LOGNORMAL,
    TT_LEVY,
    TT_PARETO,
    TT_LOMAX,
    TT_CAUCHY,
    TT_EXPONENTIAL,
    TT_LAPLACE,
    TT_WEIBULL,
    TT_UNIFORM,
    TT_EMPIRICAL,
    TT_DIST_COUNT
} tt_dist_kind;

/* X = loc + scale * Z, Z the standard form with one shape parameter:
 * student_t df, lognormal sigma, pareto/lomax alpha, weibull k.
 * `scale` is the effective one (student_t's standardize is folded in);
 * `scale_given` is what the user wrote, kept for printing. */
typedef struct {
    int kind;
    double loc, scale, shape;
    double scale_given;
    int standardize;
    double inv_shape; /* precomputed: 1/shape, or -2/df for student_t */
    double logc;      /* precomputed: log of the standard density's constant */
    /* empirical: the data sorted increasing (owned by host/laws/empirical.c,
     * which also knows where they came from); with a generalized Pareto tail,
     * its top `ntail` values are replaced by the fitted tail above `tail_u`,
     * of probability ntail/ndata. */
    const double *data;
    uint64_t ndata, ntail;
    double tail_u, tail_sigma, tail_xi;
} tt_dist;

#define TT_PI 3.14159265358979323846

/* Number of uniforms one draw consumes. */
TT_FUNCTION int tt_dist_uniforms(const tt_dist *d)
{
    return d->kind == TT_STUDENT_T ? 2 : 1;
}

/* The standard forms, one function per law, each a pure transform of its
 * uniforms (u1 is used by student_t only). They use fastmath.h, so a loop
 * over one law vectorises (host/sample_tile.c). */

TT_FUNCTION double tt_std_normal(tt_u01 u) { return tt_normal_quantile(u); }

/* Bailey's polar method without rejection:
 * Z = sqrt(df (W^(-2/df) - 1)) cos(2 pi A), W and A independent uniforms. */
TT_FUNCTION double tt_std_student_t(double df, double minus_two_over_df, tt_u01 w, tt_u01 a)
{
    double r2 = df * tt_expm1(minus_two_over_df * tt_log(w.p));
    return sqrt(r2) * tt_cos2pi(a.c);
}

TT_FUNCTION double tt_std_lognormal(double sigma, tt_u01 u) { return tt_exp(sigma * tt_normal_quantile(u)); }

TT_FUNCTION double tt_std_levy(tt_u01 u)
{
    double z = tt_normal_quantile(u);
    return 1.0 / (z * z);
}

TT_FUNCTION double tt_std_pareto(double inv_alpha, tt_u01 u) { return tt_exp(-inv_alpha * tt_log(u.q)); }
TT_FUNCTION double tt_std_lomax(double inv_alpha, tt_u01 u) { return tt_expm1(-inv_alpha * tt_log(u.q)); }

/* tan(pi c), through cot(pi q) or cot(pi p) in the tails so that the
 * resolution of q and p near 0 carries into the tails. */
TT_FUNCTION double tt_std_cauchy(tt_u01 u)
{
    double mid = tt_tanpi_q(fabs(u.c) <= 0.25 ? u.c : 0.0);
    double hi = 1.0 / tt_tanpi_q(u.c > 0.25 ? u.q : 0.25);
    double lo = -1.0 / tt_tanpi_q(u.c < -0.25 ? u.p : 0.25);
    return u.c > 0.25 ? hi : (u.c < -0.25 ? lo : mid);
}

TT_FUNCTION double tt_std_exponential(tt_u01 u) { return -tt_log(u.q); }

TT_FUNCTION double tt_std_laplace(tt_u01 u)
{
    return u.c < 0 ? tt_log(2.0 * u.p) : -tt_log(2.0 * u.q);
}

/* (-log q)^(1/k); q = 1 (probability 2^-64) gives a value near 0, as it should. */
TT_FUNCTION double tt_std_weibull(double inv_k, tt_u01 u)
{
    double e = -tt_log(u.q);
    return tt_exp(inv_k * tt_log(e > 1e-300 ? e : 1e-300));
}

TT_FUNCTION double tt_std_uniform(tt_u01 u) { return u.p; }

/* Resampling: index floor(u n) of the sorted data; with a fitted tail, the
 * upper probability ntail/n maps to the generalized Pareto quantile
 * u_t + sigma/xi ((q/p0)^(-xi) - 1) and the rest to the body's values. */
TT_FUNCTION double tt_std_empirical(const tt_dist *d, tt_u01 u)
{
    double p0 = (double)d->ntail / (double)d->ndata;
    uint64_t nbody = d->ndata - d->ntail;
    double s = u.q / (p0 > 0 ? p0 : 1.0);
    double xi = d->tail_xi;
    double gpd = fabs(xi) > 1e-12 ? d->tail_u + d->tail_sigma / xi * tt_expm1(-xi * tt_log(s))
                                  : d->tail_u - d->tail_sigma * tt_log(s);
    double f = u.p / (1.0 - p0) * (double)nbody;
    uint64_t i = f < (double)nbody ? (uint64_t)f : nbody - 1;
    double body = d->data[i];
    return d->ntail > 0 && u.q < p0 ? gpd : body;
}

/* Standard form Z of law d from uniforms u0 (and u1 for student_t). The
 * switch names every law and has no default: a law without its sampler does
 * not compile (-Werror=switch). */
TT_FUNCTION double tt_dist_standard(const tt_dist *d, tt_u01 u0, tt_u01 u1)
{
    switch ((tt_dist_kind)d->kind) {
    case TT_NORMAL: return tt_std_normal(u0);
    case TT_STUDENT_T: return tt_std_student_t(d->shape, d->inv_shape, u0, u1);
    case TT_LOGNORMAL: return tt_std_lognormal(d->shape, u0);
    case TT_LEVY: return tt_std_levy(u0);
    case TT_PARETO: return tt_std_pareto(d->inv_shape, u0);
    case TT_LOMAX: return tt_std_lomax(d->inv_shape, u0);
    case TT_CAUCHY: return tt_std_cauchy(u0);
    case TT_EXPONENTIAL: return tt_std_exponential(u0);
    case TT_LAPLACE: return tt_std_laplace(u0);
    case TT_WEIBULL: return tt_std_weibull(d->inv_shape, u0);
    case TT_UNIFORM: return tt_std_uniform(u0);
    case TT_EMPIRICAL: return tt_std_empirical(d, u0);
    case TT_DIST_COUNT: break; /* not a law */
    }
    return NAN;
}

TT_FUNCTION double tt_dist_sample(const tt_dist *d, tt_u01 u0, tt_u01 u1)
{
    return d->loc + d->scale * tt_dist_standard(d, u0, u1);
}

#endif
