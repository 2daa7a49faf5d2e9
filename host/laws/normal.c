/* normal.c: the normal law, loc + scale Z with Z ~ N(0, 1): light-tailed,
 * every moment, closed-form tilting and partial means. */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z) { (void)d; return gsl_ran_ugaussian_pdf(z); }
static double P(const tt_dist *d, double z) { (void)d; return gsl_cdf_ugaussian_P(z); }
static double Q(const tt_dist *d, double z) { (void)d; return gsl_cdf_ugaussian_Q(z); }
static double quantile(const tt_dist *d, double p) { (void)d; return gsl_cdf_ugaussian_Pinv(p); }
static double log_constant(const tt_dist *d) { (void)d; return -0.5 * log(2 * M_PI); }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    (void)d;
    t->heavy = 0;
    t->mgf_radius = INFINITY;
    t->mean = 0;
    t->var = 1;
}

/* log E[exp(s X)] = s loc + s^2 scale^2 / 2; the tilted law is N(loc + s scale^2, scale^2). */
static int log_mgf(const tt_dist *d, double s, double *logm, double *mean)
{
    double sig2 = d->scale * d->scale;
    *logm = s * d->loc + 0.5 * s * s * sig2;
    if (mean)
        *mean = d->loc + s * sig2;
    return TT_OK;
}

static double tail_mean(const tt_dist *d, double z) { (void)d; return gsl_ran_ugaussian_pdf(z); }

const tt_law tt_law_normal = {
    TT_NORMAL, "normal", NULL, 0, 0, "loc, scale", "normal()", {"light", "inf", "all", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, log_mgf,
};
