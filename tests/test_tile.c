/* test_tile.c: the CPU's vectorised shapes against the per-sample functions
 * they arrange: the Philox lanes and the sampling tile give the same values
 * as philox.h and draw.h; fastmath.h against libm. */
#include <criterion/criterion.h>
#include <math.h>
#include "backends/cpu/sample_tile.h"
#include "backends/cpu/philox_simd.h"
#include "job_util.h"

Test(tile, philox_lanes_equal_scalar)
{
    uint32_t w[4][TT_TILE];
    tt_philox_key key = tt_philox_key_from_seed(0xfeedbeefcafe1234ull);
    int done = tt_philox_lanes(key, 77, 5, 1000, 3, 11, 7, TT_TILE, w[0], w[1], w[2], w[3]);
    cr_assert_eq(done, TT_PHILOX_LANES == 1 ? 0 : TT_TILE);
    for (int i = 0; i < done; ++i) {
        tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(77, 5, 1000 + 3u * i, 11 + 7u * i), key);
        for (int k = 0; k < 4; ++k)
            cr_assert_eq(w[k][i], r.v[k], "lane %d word %d", i, k);
    }
}

/* Every law, in both positions, tile against tt_model_draw: equal up to the
 * compiler's fused multiply-adds (1e-13 relative; in practice bit-equal). */
Test(tile, tile_equals_per_sample_draw)
{
    const char *specs[] = {"normal(loc=1, scale=2)", "student_t(df=3)", "student_t(df=5, standardize=true)",
                           "lognormal(sigma=0.7, loc=-1)", "levy()", "pareto(alpha=1.5)", "lomax(alpha=2.5)",
                           "cauchy()", "exponential(scale=2)", "laplace()", "weibull(k=0.5)", "uniform()"};
    size_t ns = sizeof specs / sizeof specs[0];
    tt_philox_key key = tt_philox_key_from_seed(99);
    for (size_t a = 0; a < ns; ++a) {
        tt_model m;
        char msg[TT_MSG_LEN];
        tt_dist_parse(specs[a], &m.error, msg);
        tt_dist_parse(specs[(a + 1) % ns], &m.utility, msg);
        double x[TT_TILE], v[TT_TILE];
        int n = TT_TILE - 3; /* a ragged tail too */
        tt_model_draw_tile(&m, key, 3, 9, 500, 1, 0, 0, n, x, v);
        int exact = 0;
        for (int i = 0; i < n; ++i) {
            tt_outcome o = tt_model_draw(&m, key, 3, 9, 500 + (uint32_t)i, 0);
            cr_assert(fabs(x[i] - o.x) <= 1e-13 * fabs(o.x), "%s: %.17g vs %.17g", specs[a], x[i], o.x);
            cr_assert(fabs(v[i] - o.v) <= 1e-13 * fabs(o.v), "%s: %.17g vs %.17g", specs[(a + 1) % ns], v[i], o.v);
            exact += x[i] == o.x && v[i] == o.v;
        }
        cr_expect_gt(exact, n * 9 / 10, "%s: only %d of %d bit-equal", specs[a], exact, n);
    }
}

/* Best-of-N layout: one trial's draws along the tile. */
Test(tile, draw_stride_layout)
{
    tt_model m;
    char msg[TT_MSG_LEN];
    tt_dist_parse("student_t(df=3)", &m.error, msg);
    tt_dist_parse("normal()", &m.utility, msg);
    double x[TT_TILE], v[TT_TILE];
    tt_philox_key key = tt_philox_key_from_seed(5);
    tt_model_draw_tile(&m, key, 1, 2, 17, 0, 512, 2, 100, x, v);
    for (int i = 0; i < 100; ++i) {
        tt_outcome o = tt_model_draw(&m, key, 1, 2, 17, 512 + 2u * i);
        cr_assert(fabs(x[i] - o.x) <= 1e-13 * fabs(o.x) && fabs(v[i] - o.v) <= 1e-13 * fabs(o.v));
    }
}

Test(fastmath, against_libm)
{
    double worst_log = 0, worst_cos = 0, worst_tan = 0, worst_em1 = 0;
    for (int i = 1; i <= 1000000; ++i) {
        double x = exp(-45.0 * i / 1000000.0) * (1 + 1e-3 * sin(i)); /* (0, 1] and a bit above */
        worst_log = fmax(worst_log, fabs(tt_log(x) - log(x)) / fmax(fabs(log(x)), 1e-300));
        uint64_t k = (uint64_t)i * 18446744073709ull + (uint64_t)i * i; /* spread over [0, 2^64) */
        long double u = ((long double)k + 0.5L) / 18446744073709551616.0L;
        tt_u01 w = tt_u01_from_bits((uint32_t)k, (uint32_t)(k >> 32));
        worst_cos = fmax(worst_cos, fabs(tt_u01_cos2pi(w) + (double)cosl(2 * 3.14159265358979323846264338L * u)));
        double q = -0.25 + 0.5 * i / 1000000.0;
        worst_tan = fmax(worst_tan, fabs(tt_tanpi_q(q) - tan(M_PI * q)) / fmax(fabs(tan(M_PI * q)), 1e-300));
        double y = -20 + 40.0 * i / 1000000.0 * (i % 7 == 0 ? 1e-7 : 1);
        worst_em1 = fmax(worst_em1, fabs(tt_expm1(y) - expm1(y)) / fabs(expm1(y)));
    }
    cr_expect_lt(worst_log, 4e-16, "log: %g", worst_log);
    cr_expect_lt(worst_cos, 1e-15, "cos: %g", worst_cos);
    cr_expect_lt(worst_tan, 1e-15, "tan: %g", worst_tan);
    cr_expect_lt(worst_em1, 5e-15, "expm1: %g", worst_em1);
    cr_assert_eq(tt_log(1.0), 0.0);
    cr_assert(fabs(tt_log(0x1p-65) - log(0x1p-65)) < 1e-14);
    cr_assert(isinf(tt_exp(710.0)));
}

/* Next to the zeros of cos(2 pi c) = -cos(2 pi u), u = 1/4 + d and 3/4 + d,
 * the reduction in integer arithmetic keeps the relative precision:
 * sin(2 pi d), -sin(2 pi d). */
Test(fastmath, cos2pi_relative_at_its_zeros)
{
    for (int e = 0; e < 60; ++e)
        for (int side = 0; side < 2; ++side) {
            uint64_t off = 1ull << e; /* d = (off + 1/2) 2^-64 */
            uint64_t k = (side ? 3ull << 62 : 1ull << 62) + off;
            double d = ((double)off + 0.5) * TT_TWO_M64, want = (side ? -1 : 1) * sin(2 * M_PI * d);
            double got = tt_u01_cos2pi(tt_u01_from_bits((uint32_t)k, (uint32_t)(k >> 32)));
            float gotf = tt_u01_cos2pi_f(tt_u01_from_bits_f((uint32_t)k, (uint32_t)(k >> 32)));
            cr_expect_lt(fabs(got / want - 1), 1e-15, "2^%d: %.17g vs %.17g", e, got, want);
            cr_expect_lt(fabs(gotf / want - 1), 3e-7, "float 2^%d: %.9g vs %.17g", e, gotf, want);
        }
}
