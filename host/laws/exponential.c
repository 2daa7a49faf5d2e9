/* exponential.c: the exponential law on [0, inf), scaled (scale = 1/rate):
 * light-tailed, MGF radius 1/scale. */
#include <math.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z) { (void)d; return z >= 0 ? exp(-z) : 0.0; }
static double P(const tt_dist *d, double z) { (void)d; return z <= 0 ? 0.0 : -expm1(-z); }
static double Q(const tt_dist *d, double z) { (void)d; return z <= 0 ? 1.0 : exp(-z); }
static double quantile(const tt_dist *d, double p) { (void)d; return -log1p(-p); }
static double log_constant(const tt_dist *d) { (void)d; return 0.0; }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    (void)d;
    t->heavy = 0;
    t->mgf_radius = 1;
    t->mean = 1;
    t->var = 1;
    t->lo = 0;
}

static double tail_mean(const tt_dist *d, double z) { (void)d; return z <= 0 ? 1.0 : (z + 1) * exp(-z); }

const tt_law tt_law_exponential = {
    TT_EXPONENTIAL, "exponential", NULL, 0, 0, "loc, scale (= 1/rate)", "exponential()",
    {"light", "1/scale", "all", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
