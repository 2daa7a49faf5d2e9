/* test_dist.c: every sampler, in double and in float, against its law:
 * moments, a Kolmogorov-Smirnov test against the CDF, tail frequency and tail
 * reach; quantiles; specs. */
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>
#include "sample_util.h"

static const char *SPECS[] = {
    "normal()", "normal(loc=1, scale=2)", "student_t(df=3)", "student_t(df=5, standardize=true)",
    "student_t(df=1.5)", "student_t(df=30)", "lognormal(sigma=0.6931471805599453, loc=-1)", "levy()",
    "pareto(alpha=1.5)", "pareto(alpha=5)", "lomax(alpha=2.5)", "cauchy()", "exponential(scale=2)",
    "laplace(loc=0.5)", "weibull(k=0.5)", "weibull(k=2)", "uniform(loc=-1, scale=2)",
};
#define NSPECS (sizeof SPECS / sizeof SPECS[0])
#define N 100000

static tt_dist parse(const char *spec)
{
    tt_dist d;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_dist_parse(spec, &d, msg), TT_OK, "%s: %s", spec, msg);
    return d;
}

/* sqrt(n) D < 1.95 is the 0.1% critical value of the KS statistic. */
Test(dist, ks_against_cdf)
{
    for (int single = 0; single < 2; ++single)
    for (size_t s = 0; s < NSPECS; ++s) {
        tt_dist d = parse(SPECS[s]);
        double *x = tt_test_draws_in(&d, N, 11 + s, single);
        qsort(x, N, sizeof(double), tt_test_cmp);
        double D = 0;
        for (size_t i = 0; i < N; ++i) {
            double F = tt_dist_P(&d, x[i]);
            D = fmax(D, fmax(fabs(F - (double)i / N), fabs((double)(i + 1) / N - F)));
        }
        cr_expect_lt(sqrt((double)N) * D, 1.95, "%s (%s): sqrt(n) D = %g", SPECS[s], single ? "float" : "double",
                     sqrt((double)N) * D);
        free(x);
    }
}

/* The KS test must see a wrong scale: a sampler 5% too wide fails it. */
Test(dist, ks_detects_wrong_scale)
{
    tt_dist d = parse("normal()"), wide = parse("normal(scale=1.05)");
    double *x = tt_test_draws(&wide, N, 3);
    qsort(x, N, sizeof(double), tt_test_cmp);
    double D = 0;
    for (size_t i = 0; i < N; ++i)
        D = fmax(D, fabs(tt_dist_P(&d, x[i]) - (double)i / N));
    cr_assert_gt(sqrt((double)N) * D, 1.95);
    free(x);
}

Test(dist, moments)
{
    for (int single = 0; single < 2; ++single)
    for (size_t s = 0; s < NSPECS; ++s) {
        tt_dist d = parse(SPECS[s]);
        tt_tail_info t;
        tt_dist_tail(&d, &t);
        if (!(t.moments_below > 2))
            continue;
        double *x = tt_test_draws_in(&d, N, 101 + s, single);
        double m = 0, m2 = 0, m4 = 0;
        for (size_t i = 0; i < N; ++i) m += x[i];
        m /= N;
        for (size_t i = 0; i < N; ++i) {
            double e = x[i] - m;
            m2 += e * e;
            m4 += e * e * e * e;
        }
        m2 /= N - 1;
        m4 /= N;
        double se = sqrt(m2 / N);
        cr_expect_lt(fabs(m - t.mean), 5 * se, "%s: mean %g vs %g (se %g)", SPECS[s], m, t.mean, se);
        cr_expect_lt(se, 0.05 * sqrt(t.var), "%s: se too large", SPECS[s]);
        if (t.moments_below > 8) { /* the variance's own se needs a finite 4th moment, with margin */
            double se_var = sqrt((m4 - m2 * m2) / N);
            cr_expect_lt(fabs(m2 - t.var), 5 * se_var, "%s: var %g vs %g (se %g)", SPECS[s], m2, t.var, se_var);
        }
        free(x);
    }
}

/* The frequency above the 1-1e-3 quantile (and below the 1e-3 one). */
Test(dist, tail_frequency)
{
    const size_t n = 400000;
    for (int single = 0; single < 2; ++single)
    for (size_t s = 0; s < NSPECS; ++s) {
        tt_dist d = parse(SPECS[s]);
        double hi = tt_dist_quantile(&d, 1 - 1e-3), lo = tt_dist_quantile(&d, 1e-3);
        double *x = tt_test_draws_in(&d, n, 1001 + s, single);
        double kh = 0, kl = 0;
        for (size_t i = 0; i < n; ++i) {
            kh += x[i] > hi;
            kl += x[i] < lo;
        }
        double mean = n * 1e-3, sd = sqrt(n * 1e-3);
        cr_expect_lt(fabs(kh - mean), 5 * sd, "%s: %g above the 0.999 quantile, expected %g", SPECS[s], kh, mean);
        cr_expect_lt(fabs(kl - mean), 5 * sd, "%s: %g below the 0.001 quantile, expected %g", SPECS[s], kl, mean);
        free(x);
    }
}

/* Tail reach: the most extreme uniforms (2^-65 from either end) give values
 * whose tail probability is below 1e-18 (docs/design.md), and for one-uniform
 * laws the exact quantile at 2^-65. */
Test(dist, tail_reach)
{
    tt_u01 top = tt_u01_from_bits(0xffffffffu, 0xffffffffu), bottom = tt_u01_from_bits(0, 0);
    tt_u01 centre = tt_u01_from_bits(0, 0x80000000u);
    for (size_t s = 0; s < NSPECS; ++s) {
        tt_dist d = parse(SPECS[s]);
        if (d.kind == TT_UNIFORM)
            continue;
        tt_tail_info t;
        tt_dist_tail(&d, &t);
        double xmax = -INFINITY, xmin = INFINITY;
        tt_u01 us[3] = {top, bottom, centre};
        uint32_t words[3][2] = {{0xffffffffu, 0xffffffffu}, {0, 0}, {0, 0x80000000u}};
        double fmax_ = -INFINITY, fmin_ = INFINITY;
        for (int a = 0; a < 3; ++a)
            for (int b = 0; b < 3; ++b) {
                double x = tt_dist_sample(&d, us[a], us[b]);
                cr_assert(!isnan(x), "%s: NaN at an extreme uniform", SPECS[s]);
                xmax = fmax(xmax, x);
                xmin = fmin(xmin, x);
                double xf = tt_dist_sample_f(&d, tt_u01_from_bits_f(words[a][0], words[a][1]),
                                             tt_u01_from_bits_f(words[b][0], words[b][1]));
                cr_assert(!isnan(xf), "%s: NaN at an extreme uniform (float)", SPECS[s]);
                fmax_ = fmax(fmax_, xf);
                fmin_ = fmin(fmin_, xf);
            }
        /* float reaches as far (to its rounding), where its range holds the value */
        if (d.reach <= TT_FLOAT_REACH) {
            cr_expect_lt(fabs(fmax_ - xmax), 1e-6 * fmax(fabs(xmax), d.scale), "%s: float reach %g vs %g", SPECS[s],
                         fmax_, xmax);
            cr_expect_lt(fabs(fmin_ - xmin), 1e-6 * fmax(fabs(xmin), d.scale), "%s: float reach %g vs %g", SPECS[s],
                         fmin_, xmin);
        }
        cr_expect_lt(tt_dist_Q(&d, xmax), 1e-18, "%s: upper reach %g has tail %g", SPECS[s], xmax, tt_dist_Q(&d, xmax));
        if (isinf(t.lo))
            cr_expect_lt(tt_dist_P(&d, xmin), 1e-18, "%s: lower reach %g", SPECS[s], xmin);
        if (tt_dist_uniforms(&d) == 1 && d.kind != TT_LEVY) {
            double q = tt_dist_Q(&d, xmax);
            cr_expect_lt(fabs(q / 2.710505431213761e-20 - 1), 1e-6, "%s: Q(xmax) = %g", SPECS[s], q);
        }
    }
}

Test(dist, normal_quantile_matches_gsl)
{
    for (uint32_t i = 0; i < 200000; ++i) {
        uint32_t hi = i * 2654435761u, lo = i * 40503u;
        if (i < 64) hi = i, lo = i * 977u; /* far lower tail */
        tt_u01 u = tt_u01_from_bits(lo, hi);
        double z = tt_normal_quantile(u);
        double ref = u.c < 0 ? gsl_cdf_ugaussian_Pinv(u.p) : gsl_cdf_ugaussian_Qinv(u.q);
        if (fabs(u.c) < 1e-3) ref = gsl_cdf_ugaussian_Pinv(u.p);
        cr_assert(fabs(z - ref) <= 1e-13 * fmax(1.0, fabs(ref)) + 1e-15, "u=%g: %.17g vs %.17g", u.p, z, ref);
    }
}

Test(dist, quantile_inverts_cdf)
{
    double ps[] = {1e-12, 1e-4, 0.1, 0.37, 0.5, 0.8, 0.999, 1 - 1e-9};
    for (size_t s = 0; s < NSPECS; ++s) {
        tt_dist d = parse(SPECS[s]);
        for (size_t i = 0; i < sizeof ps / sizeof ps[0]; ++i) {
            double x = tt_dist_quantile(&d, ps[i]);
            cr_expect_lt(fabs(tt_dist_P(&d, x) - ps[i]), 1e-8 * fmax(ps[i], 1e-4), "%s at p=%g", SPECS[s], ps[i]);
            cr_expect_lt(fabs(tt_dist_P(&d, x) + tt_dist_Q(&d, x) - 1), 1e-12, "%s: P + Q != 1", SPECS[s]);
        }
    }
}

Test(dist, draws_per_sample)
{
    tt_model m = {parse("normal()"), parse("normal()")};
    cr_assert_eq(tt_model_calls(&m), 1);
    m.error = parse("student_t(df=3)");
    cr_assert_eq(tt_model_calls(&m), 2);
    m.utility = parse("student_t(df=3)");
    cr_assert_eq(tt_model_calls(&m), 2);
}

Test(spec, canonical_form_round_trips)
{
    char buf[TT_SPEC_LEN], buf2[TT_SPEC_LEN], msg[TT_MSG_LEN];
    tt_dist d = parse(" student_t( df = 3 , standardize=true )");
    tt_dist_format(&d, buf, sizeof buf);
    cr_assert_str_eq(buf, "student_t(df=3, standardize=true, loc=0, scale=1)");
    cr_assert_float_eq(d.scale, sqrt(1.0 / 3.0), 1e-15);
    d = parse("lognormal(sigma=0.6931471805599453, loc=-1)");
    tt_dist_format(&d, buf, sizeof buf);
    cr_assert_str_eq(buf, "lognormal(sigma=0.6931471805599453, loc=-1, scale=1)");
    for (size_t s = 0; s < NSPECS; ++s) {
        tt_dist a = parse(SPECS[s]), b;
        tt_dist_format(&a, buf, sizeof buf);
        cr_assert_eq(tt_dist_parse(buf, &b, msg), TT_OK, "%s", buf);
        tt_dist_format(&b, buf2, sizeof buf2);
        cr_assert_str_eq(buf, buf2);
    }
}

Test(spec, rejects_bad_specs)
{
    const char *bad[] = {"", "gauss()", "normal(scale=0)", "normal(scale=-1)", "student_t()",
                         "student_t(df=0)", "student_t(df=2, standardize=true)", "normal(df=3)",
                         "normal(loc=abc)", "normal(loc=1", "normal(loc=1) x", "pareto(alpha=-1)",
                         "normal(loc=1, loc=2)", "normal(scale=inf)", "weibull(k=nan)",
                         "student_t(df=3, standardize=maybe)", "normal(standardize=true)", "(loc=1)",
                         /* quantiles or moments beyond a double (GSL aborted on them) */
                         "student_t(df=0.09)", "weibull(k=0.019)",
                         /* a trailing comma; a name with a non-ASCII letter */
                         "normal(scale=2,)", "normal(scale=2, )", "n\xc3\xb6rmal()"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        tt_dist d;
        char msg[TT_MSG_LEN] = "";
        cr_expect_eq(tt_dist_parse(bad[i], &d, msg), TT_EINVAL, "accepted '%s'", bad[i]);
        cr_expect(strlen(msg) > 0 && strchr(msg, '\n') == NULL, "message for '%s'", bad[i]);
    }
    tt_dist d;
    char msg[TT_MSG_LEN] = "";
    tt_dist_parse("n\xc3\xb6rmal(scale=2)", &d, msg);
    cr_expect(strstr(msg, "unknown distribution 'n\xc3\xb6rmal'"), "%s", msg);
    const char *edge[] = {"student_t(df=0.1)", "weibull(k=0.02)"};
    for (size_t i = 0; i < 2; ++i) {
        tt_dist d;
        char msg[TT_MSG_LEN] = "";
        cr_expect_eq(tt_dist_parse(edge[i], &d, msg), TT_OK, "%s: %s", edge[i], msg);
    }
}
