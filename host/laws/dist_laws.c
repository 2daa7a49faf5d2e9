/* dist_laws.c: each law's density, P and Q (Q computed directly, never 1-P),
 * quantile, moments and upper-tail metadata, on the host (GSL where it helps). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include "laws/empirical.h"
#include "tailtilt.h"

static double std_pdf(const tt_dist *d, double z)
{
    double s = d->shape;
    switch (d->kind) {
    case TT_NORMAL: return gsl_ran_ugaussian_pdf(z);
    case TT_STUDENT_T: return gsl_ran_tdist_pdf(z, s);
    case TT_LOGNORMAL: return z > 0 ? gsl_ran_lognormal_pdf(z, 0.0, s) : 0.0;
    case TT_LEVY:
        return z > 0 ? exp(-0.5 / z - 1.5 * log(z)) / sqrt(2.0 * M_PI) : 0.0;
    case TT_PARETO: return z >= 1 ? s * exp(-(s + 1) * log(z)) : 0.0;
    case TT_LOMAX: return z >= 0 ? s * exp(-(s + 1) * log1p(z)) : 0.0;
    case TT_CAUCHY: return 1.0 / (M_PI * (1.0 + z * z));
    case TT_EXPONENTIAL: return z >= 0 ? exp(-z) : 0.0;
    case TT_LAPLACE: return 0.5 * exp(-fabs(z));
    case TT_WEIBULL:
        if (z < 0) return 0.0;
        if (z == 0) return s == 1 ? 1.0 : (s < 1 ? INFINITY : 0.0);
        return s * exp((s - 1) * log(z) - pow(z, s));
    case TT_UNIFORM: return (z >= 0 && z <= 1) ? 1.0 : 0.0;
    default: return NAN; /* empirical laws have no density */
    }
}

/* Lower (lower=1) or upper (lower=0) tail probability of the standard form. */
static double std_tail(const tt_dist *d, double z, int lower)
{
    double s = d->shape, r;
    switch (d->kind) {
    case TT_NORMAL: return lower ? gsl_cdf_ugaussian_P(z) : gsl_cdf_ugaussian_Q(z);
    case TT_STUDENT_T: return lower ? gsl_cdf_tdist_P(z, s) : gsl_cdf_tdist_Q(z, s);
    case TT_LOGNORMAL:
        if (z <= 0) return lower ? 0.0 : 1.0;
        return lower ? gsl_cdf_lognormal_P(z, 0.0, s) : gsl_cdf_lognormal_Q(z, 0.0, s);
    case TT_LEVY:
        if (z <= 0) return lower ? 0.0 : 1.0;
        r = 1.0 / sqrt(2.0 * z);
        return lower ? erfc(r) : erf(r);
    case TT_PARETO:
        if (z <= 1) return lower ? 0.0 : 1.0;
        r = exp(-s * log(z));
        return lower ? -expm1(-s * log(z)) : r;
    case TT_LOMAX:
        if (z <= 0) return lower ? 0.0 : 1.0;
        return lower ? -expm1(-s * log1p(z)) : exp(-s * log1p(z));
    case TT_CAUCHY: return lower ? gsl_cdf_cauchy_P(z, 1.0) : gsl_cdf_cauchy_Q(z, 1.0);
    case TT_EXPONENTIAL:
        if (z <= 0) return lower ? 0.0 : 1.0;
        return lower ? -expm1(-z) : exp(-z);
    case TT_LAPLACE:
        if (z < 0) return lower ? 0.5 * exp(z) : 1.0 - 0.5 * exp(z);
        return lower ? 1.0 - 0.5 * exp(-z) : 0.5 * exp(-z);
    case TT_WEIBULL:
        if (z <= 0) return lower ? 0.0 : 1.0;
        return lower ? -expm1(-pow(z, s)) : exp(-pow(z, s));
    case TT_UNIFORM:
        if (z <= 0) return lower ? 0.0 : 1.0;
        if (z >= 1) return lower ? 1.0 : 0.0;
        return lower ? z : 1.0 - z;
    case TT_EMPIRICAL: return tt_empirical_P(d, z, lower);
    default: return NAN;
    }
}

static double std_quantile(const tt_dist *d, double p)
{
    double s = d->shape;
    switch (d->kind) {
    case TT_NORMAL: return gsl_cdf_ugaussian_Pinv(p);
    case TT_STUDENT_T: return gsl_cdf_tdist_Pinv(p, s);
    case TT_LOGNORMAL: return gsl_cdf_lognormal_Pinv(p, 0.0, s);
    case TT_LEVY: {
        double z = gsl_cdf_ugaussian_Qinv(0.5 * p);
        return 1.0 / (z * z);
    }
    case TT_PARETO: return exp(-log1p(-p) / s);
    case TT_LOMAX: return expm1(-log1p(-p) / s);
    case TT_CAUCHY: return gsl_cdf_cauchy_Pinv(p, 1.0);
    case TT_EXPONENTIAL: return -log1p(-p);
    case TT_LAPLACE: return p < 0.5 ? log(2.0 * p) : -log(2.0 * (1.0 - p));
    case TT_WEIBULL: return pow(-log1p(-p), 1.0 / s);
    case TT_UNIFORM: return p;
    case TT_EMPIRICAL: return tt_empirical_quantile(d, p);
    default: return NAN;
    }
}

double tt_dist_log_constant(const tt_dist *d)
{
    double s = d->shape, l2pi = log(2 * M_PI);
    switch (d->kind) {
    case TT_NORMAL: return -0.5 * l2pi;
    case TT_STUDENT_T: return lgamma(0.5 * (s + 1)) - lgamma(0.5 * s) - 0.5 * log(s * M_PI);
    case TT_LOGNORMAL: return -log(s) - 0.5 * l2pi;
    case TT_LEVY: return -0.5 * l2pi;
    case TT_PARETO: case TT_LOMAX: case TT_WEIBULL: return log(s);
    case TT_CAUCHY: return -log(M_PI);
    case TT_EXPONENTIAL: case TT_UNIFORM: return 0.0;
    case TT_LAPLACE: return -log(2.0);
    default: return NAN;
    }
}

double tt_dist_pdf(const tt_dist *d, double x)
{
    return std_pdf(d, (x - d->loc) / d->scale) / d->scale;
}

double tt_dist_P(const tt_dist *d, double x)
{
    return std_tail(d, (x - d->loc) / d->scale, 1);
}

double tt_dist_Q(const tt_dist *d, double x)
{
    return std_tail(d, (x - d->loc) / d->scale, 0);
}

double tt_dist_quantile(const tt_dist *d, double p)
{
    if (!(p >= 0.0 && p <= 1.0))
        return NAN;
    return d->loc + d->scale * std_quantile(d, p);
}

/* Standard-form moments, tail and support; tt_dist_tail applies loc and scale. */
static void std_tail_info(const tt_dist *d, tt_tail_info *t)
{
    double s = d->shape;
    t->heavy = 1;
    t->mgf_radius = 0.0;
    t->moments_below = INFINITY;
    t->mean = t->var = NAN;
    t->lo = -INFINITY;
    t->hi = INFINITY;
    switch (d->kind) {
    case TT_NORMAL:
        t->heavy = 0; t->mgf_radius = INFINITY; t->mean = 0; t->var = 1;
        break;
    case TT_STUDENT_T:
        t->moments_below = s;
        if (s > 1) t->mean = 0;
        if (s > 2) t->var = s / (s - 2);
        break;
    case TT_LOGNORMAL:
        t->mean = exp(0.5 * s * s);
        t->var = expm1(s * s) * exp(s * s);
        t->lo = 0;
        break;
    case TT_LEVY:
        t->moments_below = 0.5; t->lo = 0;
        break;
    case TT_PARETO:
        t->moments_below = s; t->lo = 1;
        if (s > 1) t->mean = s / (s - 1);
        if (s > 2) t->var = s / ((s - 1) * (s - 1) * (s - 2));
        break;
    case TT_LOMAX:
        t->moments_below = s; t->lo = 0;
        if (s > 1) t->mean = 1 / (s - 1);
        if (s > 2) t->var = s / ((s - 1) * (s - 1) * (s - 2));
        break;
    case TT_CAUCHY:
        t->moments_below = 1;
        break;
    case TT_EXPONENTIAL:
        t->heavy = 0; t->mgf_radius = 1; t->mean = 1; t->var = 1; t->lo = 0;
        break;
    case TT_LAPLACE:
        t->heavy = 0; t->mgf_radius = 1; t->mean = 0; t->var = 2;
        break;
    case TT_WEIBULL:
        t->heavy = s < 1;
        t->mgf_radius = s < 1 ? 0.0 : (s == 1 ? 1.0 : INFINITY);
        t->mean = gsl_sf_gamma(1 + 1 / s);
        t->var = gsl_sf_gamma(1 + 2 / s) - t->mean * t->mean;
        t->lo = 0;
        break;
    case TT_UNIFORM:
        t->heavy = 0; t->mgf_radius = INFINITY; t->mean = 0.5; t->var = 1.0 / 12; t->lo = 0; t->hi = 1;
        break;
    case TT_EMPIRICAL:
        tt_empirical_tail(d, t);
        break;
    }
}

void tt_dist_tail(const tt_dist *d, tt_tail_info *t)
{
    std_tail_info(d, t);
    t->mgf_radius /= d->scale;
    t->mean = d->loc + d->scale * t->mean;
    t->var *= d->scale * d->scale;
    t->lo = d->loc + d->scale * t->lo;
    t->hi = d->loc + d->scale * t->hi;
}
