/* uniform.c: the uniform law on [loc, loc + scale]. */
#include <math.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z) { (void)d; return (z >= 0 && z <= 1) ? 1.0 : 0.0; }
static double P(const tt_dist *d, double z) { (void)d; return z <= 0 ? 0.0 : (z >= 1 ? 1.0 : z); }
static double Q(const tt_dist *d, double z) { (void)d; return z <= 0 ? 1.0 : (z >= 1 ? 0.0 : 1.0 - z); }
static double quantile(const tt_dist *d, double p) { (void)d; return p; }
static double log_constant(const tt_dist *d) { (void)d; return 0.0; }

static void tail(const tt_dist *d, tt_tail_info *t)
{
    (void)d;
    t->heavy = 0;
    t->mgf_radius = INFINITY;
    t->mean = 0.5;
    t->var = 1.0 / 12;
    t->lo = 0;
    t->hi = 1;
}

static double tail_mean(const tt_dist *d, double z)
{
    (void)d;
    return z <= 0 ? 0.5 : (z >= 1 ? 0.0 : 0.5 * (1 - z * z));
}

const tt_law tt_law_uniform = {
    TT_UNIFORM, "uniform", NULL, 0, 0, "loc, scale (uniform on [loc, loc+scale])", "uniform()",
    {"light", "inf", "all", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
