/* test_precision.c: the precision contract (docs/design.md, "Precision"):
 * every float transform within 1e-6 of the double path over uniforms spread
 * on a log scale to 2^-64 in both tails (and to 2^-64 from the middle); laws
 * beyond float's reach run in double; records say which precision ran; a
 * single-precision run is the same whatever the thread count. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "job_util.h"

/* Every law, with shapes across their range; the ones beyond float's reach
 * (levy, the heaviest pareto) are sampled here too: their float path is
 * only skipped by the runs. */
static const char *SPECS[] = {
    "normal()", "normal(loc=1, scale=2)", "student_t(df=3)", "student_t(df=5, standardize=true)",
    "student_t(df=1.5)", "student_t(df=30)", "student_t(df=1)", "lognormal(sigma=0.6931471805599453, loc=-1)",
    "lognormal(sigma=2)", "levy()", "pareto(alpha=1.5)", "pareto(alpha=5)", "lomax(alpha=2.5)", "lomax(alpha=0.7)",
    "cauchy()", "exponential(scale=2)", "laplace(loc=0.5)", "weibull(k=0.5)", "weibull(k=0.2)", "weibull(k=2)",
    "uniform(loc=-1, scale=2)", "empirical(file=" TT_TEST_DATA "/starling_random_rewards.npy, tail=gpd)",
};
#define NSPECS (sizeof SPECS / sizeof SPECS[0])

/* Uniforms per law: at least 1e7 (TT_TEST_SCALE shrinks it under the sanitizers). */
static uint64_t per_law(void)
{
    const char *s = getenv("TT_TEST_SCALE");
    double scale = s ? atof(s) : 1.0;
    return (uint64_t)(1e7 * (scale > 0 && scale <= 1 ? scale : 1.0));
}

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Uniform i of n as its 64-bit integer k: a quarter log-spread towards 0
 * (k from 2^62 down to 1), a quarter towards 1, a quarter towards 1/2 from
 * either side (where 1/z^2 and tan peak), a quarter at random. */
static uint64_t spread(uint64_t i, uint64_t n, uint64_t *rng)
{
    uint64_t q = n / 4, j = i % q, part = i / q;
    int e = (int)((62.0 * (double)j) / (double)q); /* 0 .. 61 */
    uint64_t m = (1ull << (62 - e)) | (xorshift(rng) >> (e + 2)); /* in [2^(62-e), 2^(63-e)) */
    switch (part) {
    case 0: return m;
    case 1: return ~m;
    case 2: return j & 1 ? (1ull << 63) + m : (1ull << 63) - 1 - m;
    default: return xorshift(rng);
    }
}

Test(precision, float_transforms_within_1e6_of_double)
{
    uint64_t n = per_law();
    double worst[NSPECS];
    uint64_t where[NSPECS];
    tt_dist laws[NSPECS];
    char msg[TT_MSG_LEN];
    for (size_t s = 0; s < NSPECS; ++s)
        cr_assert_eq(tt_dist_parse(SPECS[s], &laws[s], msg), TT_OK, "%s", msg);
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t s = 0; s < NSPECS; ++s) {
        const tt_dist *d = &laws[s];
        uint64_t rng = 0x9e3779b97f4a7c15ull + s;
        worst[s] = 0;
        where[s] = 0;
        for (uint64_t i = 0; i < n; ++i) {
            uint64_t k = spread(i, n, &rng), k2 = xorshift(&rng);
            tt_u01 u0 = tt_u01_from_bits((uint32_t)k, (uint32_t)(k >> 32));
            tt_u01 u1 = tt_u01_from_bits((uint32_t)k2, (uint32_t)(k2 >> 32));
            tt_u01_f f0 = tt_u01_from_bits_f((uint32_t)k, (uint32_t)(k >> 32));
            tt_u01_f f1 = tt_u01_from_bits_f((uint32_t)k2, (uint32_t)(k2 >> 32));
            double x = tt_dist_sample(d, u0, u1), xf = tt_dist_sample_f(d, f0, f1);
            if (fabs(x) > 1e37)
                continue; /* beyond float's range: such a law runs in double */
            double e = fabs(xf - x) / fmax(fabs(x), d->scale);
            if (!(e <= worst[s])) {
                worst[s] = isnan(e) ? INFINITY : e;
                where[s] = k;
            }
        }
    }
    for (size_t s = 0; s < NSPECS; ++s)
        cr_expect_lt(worst[s], 1e-6, "%s: float differs by %g (relative) at u = %.6g", SPECS[s], worst[s],
                     ((double)where[s] + 0.5) * TT_TWO_M64);
}

/* The check above must see a float path that is off: one that rounds its
 * uniform to 24 bits (as a float made from the top word alone would) loses
 * the far tails. */
Test(precision, the_check_sees_a_truncated_uniform)
{
    tt_dist d;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_dist_parse("pareto(alpha=1.5)", &d, msg), TT_OK);
    uint64_t k = 0xffffffffffffff00ull; /* q = 2^-56 */
    tt_u01 u = tt_u01_from_bits((uint32_t)k, (uint32_t)(k >> 32));
    tt_u01_f good = tt_u01_from_bits_f((uint32_t)k, (uint32_t)(k >> 32)), bad = good;
    bad.q = ldexpf(1.0f, -32); /* what the top word alone gives */
    double x = tt_dist_sample(&d, u, u);
    cr_expect_lt(fabs(tt_dist_sample_f(&d, good, good) - x) / x, 1e-6);
    cr_expect_gt(fabs(tt_dist_sample_f(&d, bad, bad) - x) / x, 1e-6);
}

/* A law whose values reach beyond float's range runs in double, and says so;
 * exceedances (which sum squares in float) stop at 1e15. */
Test(precision, beyond_float_reach_runs_in_double)
{
    struct { const char *error; tt_method method; const char *grid; const char *ran; } cases[] = {
        {"normal()", TT_TILT, "1", "single"},
        {"normal()", TT_THRESHOLD, "1", "single"},
        {"normal()", TT_BON, "4", "single"},
        {"levy()", TT_THRESHOLD, "1", "double"},             /* 1/z^2 reaches 2e38 */
        {"pareto(alpha=0.5)", TT_BON, "4", "double"},        /* 2^130 */
        {"cauchy()", TT_THRESHOLD, "1", "double"},           /* 5.9e18: squares beyond float */
        {"cauchy()", TT_BON, "4", "single"},                 /* no squares in float */
        {"normal(loc=1e31)", TT_BON, "4", "double"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        tt_job j = tt_test_job(cases[c].method, cases[c].error, "normal()", cases[c].grid, 2000, 1);
        tt_record r;
        char msg[TT_MSG_LEN];
        cr_assert_eq(tt_run_cpu(&j, &r, NULL, msg), TT_OK, "%s", msg);
        cr_expect_str_eq(r.precision, cases[c].ran, "%s %s", cases[c].error, tt_method_name(cases[c].method));
        free(j.grid);
    }
}

/* The precision asked for is part of the point: single and double records
 * of one point have different hashes; importance-weighted passes run in
 * double whatever was asked. */
Test(precision, records_say_what_ran)
{
    tt_job j = tt_test_job(TT_THRESHOLD, "normal()", "normal()", "1", 1000, 1);
    tt_record s, d;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_run_cpu(&j, &s, NULL, msg), TT_OK);
    j.precision = TT_PRECISION_DOUBLE;
    cr_assert_eq(tt_run_cpu(&j, &d, NULL, msg), TT_OK);
    cr_expect_str_eq(s.precision, "single");
    cr_expect_str_eq(d.precision, "double");
    cr_expect_str_neq(s.point_hash, d.point_hash);
    free(j.grid);
    j = tt_test_job(TT_THRESHOLD, "normal()", "normal()", "8", 10000, 1);
    j.proposal = TT_PROPOSAL_MIXTURE;
    cr_assert_eq(tt_run_cpu(&j, &s, NULL, msg), TT_OK, "%s", msg);
    cr_expect_str_eq(s.precision, "double");
    free(j.grid);
}

/* Same seed, same records: single-precision runs on 1 and 2 threads, twice. */
Test(precision, single_is_the_same_on_any_thread_count)
{
    struct { tt_method m; const char *error, *grid; uint64_t n; } jobs[] = {
        {TT_TILT, "student_t(df=5)", "1,2", 300000},
        {TT_THRESHOLD, "student_t(df=3)", "0,3", 300000},
        {TT_BON, "lognormal(sigma=1)", "3,300", 2000},
    };
    for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; ++k) {
        tt_record r[3][2];
        for (int run = 0; run < 3; ++run) {
            tt_job j = tt_test_job(jobs[k].m, jobs[k].error, "normal()", jobs[k].grid, jobs[k].n, 11);
            j.threads = run == 0 ? 1 : 2;
            char msg[TT_MSG_LEN];
            cr_assert_eq(tt_run_cpu(&j, r[run], NULL, msg), TT_OK, "%s", msg);
            free(j.grid);
        }
        for (int run = 1; run < 3; ++run)
            for (int g = 0; g < 2; ++g) {
                const tt_record *a = &r[0][g], *b = &r[run][g];
                double fa[] = {a->E_U, a->E_V, a->E_X, a->E_V_se, a->KL, a->P, a->khat};
                double fb[] = {b->E_U, b->E_V, b->E_X, b->E_V_se, b->KL, b->P, b->khat};
                cr_expect_eq(memcmp(fa, fb, sizeof fa), 0, "%s point %d: run %d differs", tt_method_name(jobs[k].m),
                             g, run);
            }
    }
}
