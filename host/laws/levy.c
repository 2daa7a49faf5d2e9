/* levy.c: the Levy law, 1/Z^2 for Z ~ N(0, 1), scaled: support (0, inf),
 * no mean (moments below 1/2). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z)
{
    (void)d;
    return z > 0 ? exp(-0.5 / z - 1.5 * log(z)) / sqrt(2.0 * M_PI) : 0.0;
}

static double P(const tt_dist *d, double z) { (void)d; return z <= 0 ? 0.0 : erfc(1.0 / sqrt(2.0 * z)); }
static double Q(const tt_dist *d, double z) { (void)d; return z <= 0 ? 1.0 : erf(1.0 / sqrt(2.0 * z)); }

static double quantile(const tt_dist *d, double p)
{
    (void)d;
    double z = gsl_cdf_ugaussian_Qinv(0.5 * p);
    return 1.0 / (z * z);
}

static double log_constant(const tt_dist *d) { (void)d; return -0.5 * log(2 * M_PI); }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    (void)d;
    t->moments_below = 0.5;
    t->lo = 0;
}

static double tail_mean(const tt_dist *d, double z) { (void)d; (void)z; return INFINITY; /* no mean */ }

const tt_law tt_law_levy = {
    TT_LEVY, "levy", NULL, 0, 0, "loc, scale", "levy()", {"heavy", "0", "0.5", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
