/* weibull.c: the Weibull law with shape k on [0, inf): heavy-tailed for
 * k < 1 (MGF radius 0), exponential at k = 1, light above. */
#include <math.h>
#include <gsl/gsl_sf_gamma.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z)
{
    double s = d->shape;
    if (z < 0) return 0.0;
    if (z == 0) return s == 1 ? 1.0 : (s < 1 ? INFINITY : 0.0);
    return s * exp((s - 1) * log(z) - pow(z, s));
}

static double P(const tt_dist *d, double z) { return z <= 0 ? 0.0 : -expm1(-pow(z, d->shape)); }
static double Q(const tt_dist *d, double z) { return z <= 0 ? 1.0 : exp(-pow(z, d->shape)); }
static double quantile(const tt_dist *d, double p) { return pow(-log1p(-p), 1.0 / d->shape); }
static double log_constant(const tt_dist *d) { return log(d->shape); }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    double s = d->shape;
    t->heavy = s < 1;
    t->mgf_radius = s < 1 ? 0.0 : (s == 1 ? 1.0 : INFINITY);
    t->mean = gsl_sf_gamma(1 + 1 / s);
    t->var = gsl_sf_gamma(1 + 2 / s) - t->mean * t->mean;
    t->lo = 0;
}

/* E[Z; Z >= z] = Gamma(1 + 1/k, z^k), the upper incomplete gamma function. */
static double tail_mean(const tt_dist *d, double z)
{
    double a = 1 + 1 / d->shape;
    return z <= 0 ? gsl_sf_gamma(a) : gsl_sf_gamma_inc(a, pow(z, d->shape));
}

const tt_law tt_law_weibull = {
    TT_WEIBULL, "weibull", "k", NAN, 0.02, "k >= 0.02 (required shape), loc, scale", "weibull(k=0.5)",
    {"k<1", "see note", "all", " (heavy iff k < 1; MGF radius 0, 1/scale, inf for k <,=,> 1)"},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
