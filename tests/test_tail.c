/* test_tail.c: tail-index estimators and the GPD fit on samples of known
 * index, the paper's Hill estimate on the Starling reward data, the readers
 * of .npy and text columns, and empirical laws with and without a fitted tail. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "io/array_io.h"
#include "job_util.h"
#include "sample_util.h"
#include "analysis/tail_stats.h"

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* n draws of a law, sorted decreasing, positives only (count in *npos). */
static double *tail_sample(const char *spec, size_t n, uint64_t seed, size_t *npos)
{
    tt_dist d;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_dist_parse(spec, &d, msg), TT_OK, "%s", msg);
    double *x = tt_test_draws(&d, n, seed);
    qsort(x, n, sizeof(double), cmp_desc);
    *npos = 0;
    while (*npos < n && x[*npos] > 0) ++*npos;
    return x;
}

/* gamma: the true index; each estimator within 5 se, se below a bound. */
static void check_estimators(const char *spec, double gamma, size_t k, int with_hill)
{
    size_t n = 200000, npos;
    double *y = tail_sample(spec, n, 17, &npos);
    double h = tt_hill(y, npos, k, 0), hse = h / sqrt((double)k);
    if (with_hill) {
        cr_expect_lt(fabs(h - gamma), 5 * hse, "%s: Hill %g vs %g (se %g)", spec, h, gamma, hse);
        cr_expect_lt(hse, 0.04, "%s: Hill se %g", spec, hse);
    }
    double mse, m = tt_moment_estimator(y, npos, k, &mse);
    cr_expect_lt(fabs(m - gamma), 5 * mse, "%s: moment %g vs %g (se %g)", spec, m, gamma, mse);
    cr_expect_lt(mse, 0.08, "%s: moment se %g", spec, mse);
    double pse, p = tt_pickands(y, npos, k, &pse);
    cr_expect_lt(fabs(p - gamma), 5 * pse, "%s: Pickands %g vs %g (se %g)", spec, p, gamma, pse);
    cr_expect_lt(pse, 0.2, "%s: Pickands se %g", spec, pse);
    free(y);
}

Test(tail, estimators_on_known_indices)
{
    check_estimators("pareto(alpha=2)", 0.5, 1000, 1);
    check_estimators("student_t(df=3)", 1.0 / 3, 400, 1);
    check_estimators("lomax(alpha=4)", 0.25, 400, 1);
    check_estimators("normal()", 0.0, 400, 0);      /* Hill assumes gamma > 0 */
    check_estimators("exponential()", 0.0, 400, 0);
}

/* A wrong index is rejected: Hill on t(3) is not 0.5. */
Test(tail, hill_tells_indices_apart)
{
    size_t npos;
    double *y = tail_sample("student_t(df=3)", 200000, 5, &npos);
    double h = tt_hill(y, npos, 400, 0);
    cr_assert_gt(fabs(h - 0.5), 5 * h / sqrt(400.0));
    free(y);
}

static void check_gpd(double xi, double sigma)
{
    size_t n = 4000;
    double *x = malloc(sizeof(double) * n);
    tt_philox_key key = tt_philox_key_from_seed(77);
    for (size_t i = 0; i < n; ++i) {
        tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(1, 0, (uint32_t)i, 0), key);
        double q = tt_u01_from_bits(r.v[0], r.v[1]).q;
        x[i] = sigma / xi * (pow(q, -xi) - 1);
    }
    qsort(x, n, sizeof(double), cmp_desc);
    for (size_t i = 0; i < n / 2; ++i) { double t = x[i]; x[i] = x[n - 1 - i]; x[n - 1 - i] = t; }
    double k, s;
    cr_assert_eq(tt_gpd_fit(x, n, &k, &s), TT_OK);
    double se = (1 + fabs(xi)) / sqrt((double)n);
    cr_expect_lt(fabs(k - xi), 5 * se, "xi %g: k-hat %g (se %g)", xi, k, se);
    cr_expect_lt(fabs(s / sigma - 1), 0.15, "xi %g: sigma %g vs %g", xi, s, sigma);
    free(x);
}

Test(tail, gpd_fit_recovers_shape)
{
    check_gpd(0.7, 1.0);
    check_gpd(0.3, 2.0);
    check_gpd(-0.2, 1.0);
}

/* The paper's Fig. 1: Hill about 0.20, se about 0.015, near the top of k. */
Test(tail, starling_rewards_paper_convention)
{
    tt_column c;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_column_read(TT_TEST_DATA "/starling_random_rewards.npy", NULL, 0, &c, msg), TT_OK, "%s", msg);
    cr_assert_eq(c.n, 30000);
    double mean = 0;
    for (size_t i = 0; i < c.n; ++i) mean += c.values[i];
    mean /= (double)c.n;
    size_t np = 0;
    for (size_t i = 0; i < c.n; ++i)
        if (c.values[i] - mean > 0) c.values[np++] = c.values[i] - mean;
    qsort(c.values, np, sizeof(double), cmp_desc);
    size_t khi = (size_t)sqrt(30000.0) - 1;
    cr_assert_eq(khi, 172);
    double h = tt_hill(c.values, np, khi, 1);
    cr_expect_lt(fabs(h - 0.20), 0.005, "Hill %g", h);
    cr_expect_lt(fabs(h / sqrt((double)khi) - 0.015), 0.001);
    tt_column_free(&c);
}

/* ---- readers ---- */

static char tmpdir[64];
static void make_tmp(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tt_tail_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void write_npy(const char *path, const char *descr, const char *shape, const void *data, size_t bytes,
                      int fortran)
{
    char h[256];
    int len = snprintf(h, sizeof h, "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr,
                       fortran ? "True" : "False", shape);
    while ((10 + len + 1) % 64) h[len++] = ' ';
    h[len++] = '\n';
    FILE *fp = fopen(path, "wb");
    fwrite("\x93NUMPY\x01\x00", 1, 8, fp);
    unsigned char l[2] = {(unsigned char)(len & 0xff), (unsigned char)(len >> 8)};
    fwrite(l, 1, 2, fp);
    fwrite(h, 1, (size_t)len, fp);
    fwrite(data, 1, bytes, fp);
    fclose(fp);
}

Test(io, npy_dtypes_shapes_and_refusals, .init = make_tmp)
{
    char p[128], msg[TT_MSG_LEN];
    tt_column c;
    double d[6] = {1, 2, 3, 4, 5, 6};
    float f[3] = {1.5f, -2.5f, 3.25f};
    snprintf(p, sizeof p, "%s/a.npy", tmpdir);
    write_npy(p, "<f8", "(6,)", d, sizeof d, 0);
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_OK, "%s", msg);
    cr_assert(c.n == 6 && c.values[5] == 6);
    tt_column_free(&c);
    write_npy(p, "<f4", "(3,)", f, sizeof f, 0);
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_OK, "%s", msg);
    cr_assert(c.n == 3 && c.values[1] == -2.5);
    tt_column_free(&c);
    write_npy(p, "<f8", "(3, 2)", d, sizeof d, 0); /* C order: column 1 is 2, 4, 6 */
    cr_assert_eq(tt_column_read(p, "1", 0, &c, msg), TT_OK, "%s", msg);
    cr_assert(c.n == 3 && c.values[0] == 2 && c.values[2] == 6);
    tt_column_free(&c);
    write_npy(p, "<f8", "(3, 2)", d, sizeof d, 1); /* Fortran order: column 1 is 4, 5, 6 */
    cr_assert_eq(tt_column_read(p, "1", 0, &c, msg), TT_OK, "%s", msg);
    cr_assert(c.values[0] == 4 && c.values[2] == 6);
    tt_column_free(&c);
    cr_assert_eq(tt_column_read(p, "2", 0, &c, msg), TT_EINVAL);
    write_npy(p, ">f8", "(6,)", d, sizeof d, 0);
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_EINVAL);
    cr_assert(strstr(msg, "big-endian") != NULL, "%s", msg);
    write_npy(p, "<i4", "(3,)", d, 12, 0);
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_EINVAL);
    cr_assert(strstr(msg, "unsupported dtype") != NULL, "%s", msg);
    write_npy(p, "<f8", "(6,)", d, 20, 0);
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_EINVAL);
    cr_assert(strstr(msg, "truncated") != NULL, "%s", msg);
    double nan2[3] = {1, NAN, INFINITY};
    write_npy(p, "<f8", "(3,)", nan2, sizeof nan2, 0);
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_EINVAL);
    cr_assert(strstr(msg, "2 NaN or infinite") != NULL, "%s", msg);
    cr_assert_eq(tt_column_read(p, NULL, 1, &c, msg), TT_OK);
    cr_assert(c.n == 1 && c.nonfinite == 2);
    tt_column_free(&c);
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
}

Test(io, text_columns, .init = make_tmp)
{
    char p[128], msg[TT_MSG_LEN];
    tt_column c;
    snprintf(p, sizeof p, "%s/a.csv", tmpdir);
    write_text(p, "id,reward\n1,0.5\n2,-1.5\n3,2e3\n");
    cr_assert_eq(tt_column_read(p, "reward", 0, &c, msg), TT_OK, "%s", msg);
    cr_assert(c.n == 3 && c.values[2] == 2000);
    tt_column_free(&c);
    cr_assert_eq(tt_column_read(p, "1", 0, &c, msg), TT_OK);
    tt_column_free(&c);
    cr_assert_eq(tt_column_read(p, "score", 0, &c, msg), TT_EINVAL);
    cr_assert(strstr(msg, "columns: id reward") != NULL, "%s", msg);
    write_text(p, "0.1\t7\n0.2\t8\n");
    cr_assert_eq(tt_column_read(p, "1", 0, &c, msg), TT_OK, "%s", msg);
    cr_assert(c.n == 2 && c.values[1] == 8);
    tt_column_free(&c);
    write_text(p, "  1  2\n 3 4\n");
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_OK, "%s", msg);
    cr_assert(c.n == 2 && c.values[1] == 3);
    tt_column_free(&c);
    write_text(p, "x\n1\ntwo\n");
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_EINVAL);
    cr_assert(strstr(msg, "line 3") && strstr(msg, "'two' is not a number"), "%s", msg);
    write_text(p, "");
    cr_assert_eq(tt_column_read(p, NULL, 0, &c, msg), TT_EINVAL);
    cr_assert(strstr(msg, "no values") != NULL, "%s", msg);
    cr_assert_eq(tt_column_read("/nonexistent/x.csv", NULL, 0, &c, msg), TT_EINVAL);
}

/* ---- empirical laws ---- */

Test(empirical, resampling_and_fitted_tail)
{
    char spec[256], msg[TT_MSG_LEN];
    tt_dist plain, gpd;
    snprintf(spec, sizeof spec, "empirical(file=%s/starling_random_rewards.npy)", TT_TEST_DATA);
    cr_assert_eq(tt_dist_parse(spec, &plain, msg), TT_OK, "%s", msg);
    snprintf(spec, sizeof spec, "empirical(file=%s/starling_random_rewards.npy, tail=gpd)", TT_TEST_DATA);
    cr_assert_eq(tt_dist_parse(spec, &gpd, msg), TT_OK, "%s", msg);
    tt_tail_info tp, tg;
    tt_dist_tail(&plain, &tp);
    tt_dist_tail(&gpd, &tg);
    cr_assert_eq(tp.heavy, 0);
    cr_assert_eq(tg.heavy, 1, "the Starling tail fits a positive shape: %g", gpd.tail_xi);
    cr_assert(gpd.tail_xi > 0.1 && gpd.tail_xi < 0.5);
    /* resampling: the mean of draws is the data mean within 5 se */
    size_t n = 200000;
    double *x = tt_test_draws(&plain, n, 3);
    double m = 0, s2 = 0;
    for (size_t i = 0; i < n; ++i) m += x[i];
    m /= (double)n;
    for (size_t i = 0; i < n; ++i) s2 += (x[i] - m) * (x[i] - m);
    double se = sqrt(s2 / (double)(n - 1) / (double)n);
    cr_expect_lt(fabs(m - tp.mean), 5 * se, "resampled mean %g vs %g", m, tp.mean);
    for (size_t i = 0; i < n; ++i)
        cr_assert(x[i] >= tp.lo && x[i] <= tp.hi);
    free(x);
    /* the fitted tail: P(X > threshold) = M/n, and draws exceed the data's max */
    x = tt_test_draws(&gpd, n, 4);
    double above = 0, over_max = 0, p0 = (double)gpd.ntail / (double)gpd.ndata;
    for (size_t i = 0; i < n; ++i) {
        above += x[i] > gpd.tail_u;
        over_max += x[i] > gpd.data[gpd.ndata - 1];
    }
    cr_expect_lt(fabs(above - n * p0), 5 * sqrt(n * p0), "%g above the threshold, expected %g", above, n * p0);
    cr_expect_gt(over_max, 0, "a fitted tail reaches beyond the sample's maximum");
    free(x);
    /* a changed file is caught by its digest */
    snprintf(spec, sizeof spec, "empirical(file=%s/starling_random_rewards.npy, digest=0123456789abcdef)", TT_TEST_DATA);
    cr_assert_eq(tt_dist_parse(spec, &plain, msg), TT_EINVAL);
    cr_assert(strstr(msg, "the file has changed") != NULL, "%s", msg);
}

Test(empirical, best_of_n_beyond_the_sample)
{
    char e1[256], e2[256];
    snprintf(e1, sizeof e1, "empirical(file=%s/starling_random_rewards.npy)", TT_TEST_DATA);
    snprintf(e2, sizeof e2, "empirical(file=%s/starling_random_rewards.npy, tail=gpd)", TT_TEST_DATA);
    tt_record r1[1], r2[1];
    char msg[TT_MSG_LEN];
    tt_job j = tt_test_job(TT_BON, e1, "normal(scale=0.001)", "300000", 40, 1);
    cr_assert_eq(tt_run_cpu(&j, r1, NULL, msg), TT_OK, "%s", msg);
    double max = j.model.error.data[j.model.error.ndata - 1];
    free(j.grid);
    j = tt_test_job(TT_BON, e2, "normal(scale=0.001)", "300000", 40, 1);
    cr_assert_eq(tt_run_cpu(&j, r2, NULL, msg), TT_OK, "%s", msg);
    free(j.grid);
    cr_assert_lt(r1[0].E_X, max + 0.01, "resampling cannot pass the sample's max");
    cr_assert_gt(r2[0].E_X, max + 5 * r2[0].E_X_se, "a fitted tail does: %g vs max %g", r2[0].E_X, max);
}
