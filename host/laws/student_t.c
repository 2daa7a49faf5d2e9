/* student_t.c: Student's t with df degrees of freedom (standardize=true
 * rescales it to unit variance): heavy-tailed, moments below df. */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include "laws/law.h"

static double pdf(const tt_dist *d, double z) { return gsl_ran_tdist_pdf(z, d->shape); }
static double P(const tt_dist *d, double z) { return gsl_cdf_tdist_P(z, d->shape); }
static double Q(const tt_dist *d, double z) { return gsl_cdf_tdist_Q(z, d->shape); }
static double quantile(const tt_dist *d, double p) { return gsl_cdf_tdist_Pinv(p, d->shape); }

static double log_constant(const tt_dist *d)
{
    double s = d->shape;
    return lgamma(0.5 * (s + 1)) - lgamma(0.5 * s) - 0.5 * log(s * M_PI);
}

static void tail(const tt_dist *d, tt_tail_info *t)
{
    double s = d->shape;
    t->moments_below = s;
    if (s > 1) t->mean = 0;
    if (s > 2) t->var = s / (s - 2);
}

/* E[T; T >= z] = (df + z^2)/(df - 1) f(z) for df > 1. */
static double tail_mean(const tt_dist *d, double z)
{
    double s = d->shape;
    return s > 1 ? (s + z * z) / (s - 1) * gsl_ran_tdist_pdf(z, s) : INFINITY;
}

const tt_law tt_law_student_t = {
    TT_STUDENT_T, "student_t", "df", NAN, 0.1,
    "df >= 0.1 (required), standardize=true|false (unit variance, df > 2), loc, scale", "student_t(df=3)",
    {"heavy", "0", "df", ""},
    1, pdf, P, Q, quantile, log_constant, tail, tail_mean, NULL,
};
