/* lognormal.c: loc + scale exp(sigma Z), Z ~ N(0, 1): every moment, yet
 * heavy-tailed (no moment generating function). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z) { return z > 0 ? gsl_ran_lognormal_pdf(z, 0.0, d->shape) : 0.0; }
static double P(const tt_dist *d, double z) { return z <= 0 ? 0.0 : gsl_cdf_lognormal_P(z, 0.0, d->shape); }
static double Q(const tt_dist *d, double z) { return z <= 0 ? 1.0 : gsl_cdf_lognormal_Q(z, 0.0, d->shape); }
static double quantile(const tt_dist *d, double p) { return gsl_cdf_lognormal_Pinv(p, 0.0, d->shape); }
static double log_constant(const tt_dist *d) { return -log(d->shape) - 0.5 * log(2 * M_PI); }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    double s = d->shape;
    t->mean = exp(0.5 * s * s);
    t->var = expm1(s * s) * exp(s * s);
    t->lo = 0;
}

/* E[e^{sN}; e^{sN} >= z] = e^{s^2/2} Q(log(z)/s - s). */
static double tail_mean(const tt_dist *d, double z)
{
    double s = d->shape, m = exp(0.5 * s * s);
    return z <= 0 ? m : m * gsl_cdf_ugaussian_Q(log(z) / s - s);
}

const tt_law tt_law_lognormal = {
    TT_LOGNORMAL, "lognormal", "sigma", 1, 0, "sigma > 0 (default 1), loc, scale (= exp(mu))", "lognormal()",
    {"heavy", "0", "all", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
