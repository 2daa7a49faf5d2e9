/* cauchy.c: the Cauchy law: no mean (moments below 1). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z) { (void)d; return 1.0 / (M_PI * (1.0 + z * z)); }
static double P(const tt_dist *d, double z) { (void)d; return gsl_cdf_cauchy_P(z, 1.0); }
static double Q(const tt_dist *d, double z) { (void)d; return gsl_cdf_cauchy_Q(z, 1.0); }
static double quantile(const tt_dist *d, double p) { (void)d; return gsl_cdf_cauchy_Pinv(p, 1.0); }
static double log_constant(const tt_dist *d) { (void)d; return -log(M_PI); }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    (void)d;
    t->moments_below = 1;
}

static double tail_mean(const tt_dist *d, double z) { (void)d; (void)z; return INFINITY; /* no mean */ }

const tt_law tt_law_cauchy = {
    TT_CAUCHY, "cauchy", NULL, 0, 0, "loc, scale", "cauchy()", {"heavy", "0", "1", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
