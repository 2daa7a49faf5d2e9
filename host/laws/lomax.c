/* lomax.c: the Lomax (Pareto II) law with index alpha on [0, inf), scaled:
 * moments below alpha. */
#include <math.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z)
{
    double s = d->shape;
    return z >= 0 ? s * exp(-(s + 1) * log1p(z)) : 0.0;
}

static double P(const tt_dist *d, double z) { return z <= 0 ? 0.0 : -expm1(-d->shape * log1p(z)); }
static double Q(const tt_dist *d, double z) { return z <= 0 ? 1.0 : exp(-d->shape * log1p(z)); }
static double quantile(const tt_dist *d, double p) { return expm1(-log1p(-p) / d->shape); }
static double log_constant(const tt_dist *d) { return log(d->shape); }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    double s = d->shape;
    t->moments_below = s;
    t->lo = 0;
    if (s > 1) t->mean = 1 / (s - 1);
    if (s > 2) t->var = s / ((s - 1) * (s - 1) * (s - 2));
}

/* E[Z; Z >= z] = z (1+z)^-alpha + (1+z)^(1-alpha)/(alpha - 1) for z >= 0, alpha > 1. */
static double tail_mean(const tt_dist *d, double z)
{
    double s = d->shape;
    if (!(s > 1))
        return INFINITY;
    z = z > 0 ? z : 0.0;
    return z * exp(-s * log1p(z)) + exp((1 - s) * log1p(z)) / (s - 1);
}

const tt_law tt_law_lomax = {
    TT_LOMAX, "lomax", "alpha", NAN, 0, "alpha > 0 (required), loc, scale", "lomax(alpha=3)",
    {"heavy", "0", "alpha", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
