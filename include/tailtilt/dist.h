/* dist.h: the distributions as plain parameter structs, and their samplers:
 * each a quantile-type transform of one or two two-sided uniforms, no rejection. */
#ifndef TAILTILT_DIST_H
#define TAILTILT_DIST_H

#include <math.h>
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
} tt_dist;

#define TT_PI 3.14159265358979323846

/* Number of uniforms one draw consumes. */
TT_FUNCTION int tt_dist_uniforms(const tt_dist *d)
{
    return d->kind == TT_STUDENT_T ? 2 : 1;
}

/* Standard form Z from uniforms u0 (and u1 for student_t).
 * student_t is Bailey's polar method without rejection:
 * Z = sqrt(df (W^(-2/df) - 1)) cos(2 pi A), W and A independent uniforms. */
TT_FUNCTION double tt_dist_standard(const tt_dist *d, tt_u01 u0, tt_u01 u1)
{
    switch (d->kind) {
    case TT_NORMAL:
        return tt_normal_quantile(u0);
    case TT_STUDENT_T: {
        /* exp(y) - 1 loses only eps/y relative: use expm1 (slow) for tiny y only */
        double y = d->inv_shape * log(u0.p);
        double r2 = d->shape * (y > 1e-5 ? exp(y) - 1.0 : expm1(y));
        return sqrt(r2) * cos(2.0 * TT_PI * u1.c);
    }
    case TT_LOGNORMAL:
        return exp(d->shape * tt_normal_quantile(u0));
    case TT_LEVY: {
        double z = tt_normal_quantile(u0);
        return 1.0 / (z * z);
    }
    case TT_PARETO:
        return exp(-d->inv_shape * log(u0.q));
    case TT_LOMAX:
        return expm1(-d->inv_shape * log(u0.q));
    case TT_CAUCHY:
        if (u0.c > 0.25)
            return 1.0 / tan(TT_PI * u0.q);
        if (u0.c < -0.25)
            return -1.0 / tan(TT_PI * u0.p);
        return tan(TT_PI * u0.c);
    case TT_EXPONENTIAL:
        return -log(u0.q);
    case TT_LAPLACE:
        return u0.c < 0 ? log(2.0 * u0.p) : -log(2.0 * u0.q);
    case TT_WEIBULL:
        return pow(-log(u0.q), d->inv_shape);
    case TT_UNIFORM:
        return u0.p;
    default:
        return NAN;
    }
}

TT_FUNCTION double tt_dist_sample(const tt_dist *d, tt_u01 u0, tt_u01 u1)
{
    return d->loc + d->scale * tt_dist_standard(d, u0, u1);
}

#endif
