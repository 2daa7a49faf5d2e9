/* density.h: log-densities of the parametric laws, for importance weights on
 * the sampling path (host and device): branch-light, fastmath.h throughout. */
#ifndef TAILTILT_DENSITY_H
#define TAILTILT_DENSITY_H

#include "dist.h"

/* log f(x) of law d at x; -inf outside the support; NAN in an empirical
 * law's body (atoms), its fitted tail's density above it.
 * Every law is named (no default): a law without its density does not compile. */
TT_FUNCTION double tt_dist_logpdf(const tt_dist *d, double x)
{
    double z = (x - d->loc) / d->scale, s = d->shape, c = d->logc - tt_log(d->scale), lz;
    switch ((tt_dist_kind)d->kind) {
    case TT_NORMAL: return c - 0.5 * z * z;
    case TT_STUDENT_T: return c - 0.5 * (s + 1) * tt_log(1.0 + z * z / s);
    case TT_LOGNORMAL:
        lz = tt_log(z > 0 ? z : 1.0);
        return z > 0 ? c - lz - 0.5 * lz * lz / (s * s) : -INFINITY;
    case TT_LEVY:
        lz = tt_log(z > 0 ? z : 1.0);
        return z > 0 ? c - 1.5 * lz - 0.5 / z : -INFINITY;
    case TT_PARETO: return z >= 1 ? c - (s + 1) * tt_log(z) : -INFINITY;
    case TT_LOMAX: return z >= 0 ? c - (s + 1) * tt_log(1.0 + z) : -INFINITY;
    case TT_CAUCHY: return c - tt_log(1.0 + z * z);
    case TT_EXPONENTIAL: return z >= 0 ? c - z : -INFINITY;
    case TT_LAPLACE: return c - fabs(z);
    case TT_WEIBULL:
        lz = tt_log(z > 0 ? z : 1.0);
        return z > 0 ? c + (s - 1) * lz - tt_exp(s * lz) : -INFINITY;
    case TT_UNIFORM: return (z >= 0 && z <= 1) ? c : -INFINITY;
    case TT_EMPIRICAL: /* atoms in the body; the fitted tail above tail_u has a density */
        lz = z - d->tail_u;
        if (!(d->ntail > 0 && lz > 0))
            return NAN;
        s = d->tail_xi;
        c = 1.0 + s * lz / d->tail_sigma;
        return tt_log((double)d->ntail / (double)d->ndata / (d->tail_sigma * d->scale)) +
               (fabs(s) <= 1e-12 ? -lz / d->tail_sigma : (c > 0 ? -(1.0 / s + 1.0) * tt_log(c) : -INFINITY));
    case TT_DIST_COUNT: break;     /* not a law */
    }
    return NAN;
}

#endif
