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
    double reach;     /* precomputed: the largest |value| the sampler gives (at the extreme uniforms) */
} tt_dist;

/* A law's kind known only at run time (tt_dist_sample_as, tt_model_draw_as). */
#define TT_ANY_LAW (-1)

#define TT_PI 3.14159265358979323846

/* Float lognormal draws with |sigma z| above this take the double path
 * (real/dist.h): below it the float value is within 7e-7 of the double one. */
#define TT_LOGNORMAL_FLOAT_REACH 3.5f

/* Laws whose values reach beyond this (at the most extreme uniforms) are
 * sampled in double whatever the precision asked for: float's range ends at
 * 3.4e38, and sums of 2^16 values must stay well inside it. Passes that sum
 * squares of values in float (exceedances) need 1e15. */
#define TT_FLOAT_REACH 1e30
#define TT_FLOAT_REACH_SQUARES 1e15

/* Number of uniforms one draw consumes. */
TT_FUNCTION int tt_dist_uniforms(const tt_dist *d)
{
    return d->kind == TT_STUDENT_T ? 2 : 1;
}

/* Resampling: index floor(p n) of the sorted data; with a fitted tail, the
 * upper probability ntail/n maps to the generalized Pareto quantile
 * u_t + sigma/xi ((q/p0)^(-xi) - 1) and the rest to the body's values.
 * In double for both precisions: an index is exact or wrong. */
TT_FUNCTION double tt_std_empirical_d(const tt_dist *d, double p, double q)
{
    double p0 = (double)d->ntail / (double)d->ndata;
    uint64_t nbody = d->ndata - d->ntail;
    double s = q / (p0 > 0 ? p0 : 1.0);
    double xi = d->tail_xi;
    double gpd = fabs(xi) > 1e-12 ? d->tail_u + d->tail_sigma / xi * tt_expm1(-xi * tt_log(s))
                                  : d->tail_u - d->tail_sigma * tt_log(s);
    double f = p / (1.0 - p0) * (double)nbody;
    uint64_t i = f < (double)nbody ? (uint64_t)f : nbody - 1;
    double body = d->data[i];
    return d->ntail > 0 && q < p0 ? gpd : body;
}

/* The standard forms, one function per law, and tt_dist_standard /
 * tt_dist_sample over them, in double (tt_std_normal, ...) and in float
 * (tt_std_normal_f, ...). They use fastmath.h, so a loop over one law
 * vectorises (host/backends/cpu/sample_tile.c). */
#define TT_REAL_BODY "dist.h" /* in real/ */
#include "real/both.h"

#endif
