/* laplace.c: the Laplace (double exponential) law: light-tailed, MGF radius
 * 1/scale. */
#include <math.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z) { (void)d; return 0.5 * exp(-fabs(z)); }
static double P(const tt_dist *d, double z) { (void)d; return z < 0 ? 0.5 * exp(z) : 1.0 - 0.5 * exp(-z); }
static double Q(const tt_dist *d, double z) { (void)d; return z < 0 ? 1.0 - 0.5 * exp(z) : 0.5 * exp(-z); }
static double quantile(const tt_dist *d, double p) { (void)d; return p < 0.5 ? log(2.0 * p) : -log(2.0 * (1.0 - p)); }
static double log_constant(const tt_dist *d) { (void)d; return -log(2.0); }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    (void)d;
    t->heavy = 0;
    t->mgf_radius = 1;
    t->mean = 0;
    t->var = 2;
}

static double tail_mean(const tt_dist *d, double z)
{
    (void)d;
    return z >= 0 ? 0.5 * (z + 1) * exp(-z) : 0.5 * (1 - z) * exp(z);
}

const tt_law tt_law_laplace = {
    TT_LAPLACE, "laplace", NULL, 0, 0, "loc, scale", "laplace()", {"light", "1/scale", "all", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
