/* pareto.c: the Pareto law with index alpha on [1, inf), scaled (scale =
 * x_m): moments below alpha. */
#include <math.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z)
{
    double s = d->shape;
    return z >= 1 ? s * exp(-(s + 1) * log(z)) : 0.0;
}

static double P(const tt_dist *d, double z) { return z <= 1 ? 0.0 : -expm1(-d->shape * log(z)); }
static double Q(const tt_dist *d, double z) { return z <= 1 ? 1.0 : exp(-d->shape * log(z)); }
static double quantile(const tt_dist *d, double p) { return exp(-log1p(-p) / d->shape); }
static double log_constant(const tt_dist *d) { return log(d->shape); }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    double s = d->shape;
    t->moments_below = s;
    t->lo = 1;
    if (s > 1) t->mean = s / (s - 1);
    if (s > 2) t->var = s / ((s - 1) * (s - 1) * (s - 2));
}

/* E[Z; Z >= z] = alpha/(alpha - 1) max(z, 1)^(1 - alpha) for alpha > 1. */
static double tail_mean(const tt_dist *d, double z)
{
    double s = d->shape;
    return s > 1 ? s / (s - 1) * exp((1 - s) * log(z > 1 ? z : 1.0)) : INFINITY;
}

const tt_law tt_law_pareto = {
    TT_PARETO, "pareto", "alpha", NAN, 0, "alpha > 0 (required), loc, scale (= x_m)", "pareto(alpha=3)",
    {"heavy", "0", "alpha", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
