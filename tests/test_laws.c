/* test_laws.c: the law table is complete and consistent: every kind has an
 * entry with every function; its example parses and round-trips; the host
 * density equals the device log-density; P + Q = 1 and the quantile inverts
 * P; the CPU tile draws what the per-sample sampler draws; and every law is
 * among the specs the sampler tests (test_dist.c, test_tile.c) cover. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "backends/cpu/sample_tile.h"
#include "laws/law.h"
#include "tailtilt/density.h"

#define DATA TT_TEST_DATA "/starling_random_rewards.npy"

/* A spec of each kind: the entry's example, or data for the empirical law. */
static tt_dist law_of(int kind)
{
    const tt_law *l = tt_law_get(kind);
    tt_dist d;
    char msg[TT_MSG_LEN];
    const char *spec = kind == TT_EMPIRICAL ? "empirical(file=" DATA ", tail=gpd)" : l->example;
    cr_assert_eq(tt_dist_parse(spec, &d, msg), TT_OK, "%s: %s", spec, msg);
    return d;
}

Test(laws, every_kind_has_a_whole_entry)
{
    for (int k = 0; k < TT_DIST_COUNT; ++k) {
        const tt_law *l = tt_law_get(k);
        cr_assert(l, "kind %d has no entry", k);
        cr_expect_eq(l->kind, k, "%s: entry at the wrong kind", l->name);
        cr_expect(l->pdf && l->P && l->Q && l->quantile && l->log_constant && l->tail, "%s: a function is missing",
                  l->name);
        cr_expect(l->help && l->listing[0] && l->listing[1] && l->listing[2] && l->listing[3], "%s: text missing",
                  l->name);
        cr_expect_eq(tt_dist_kind_from_name(l->name), k);
        cr_expect(k == TT_EMPIRICAL || l->example, "%s: no example spec", l->name);
        cr_expect_eq(l->density, k != TT_EMPIRICAL, "%s: density flag", l->name);
    }
    cr_expect_null(tt_law_get(TT_DIST_COUNT));
}

Test(laws, examples_round_trip)
{
    for (int k = 0; k < TT_DIST_COUNT; ++k) {
        tt_dist d = law_of(k), again;
        char canon[TT_SPEC_LEN], canon2[TT_SPEC_LEN], msg[TT_MSG_LEN];
        tt_dist_format(&d, canon, sizeof canon);
        cr_assert_eq(tt_dist_parse(canon, &again, msg), TT_OK, "%s: %s", canon, msg);
        tt_dist_format(&again, canon2, sizeof canon2);
        cr_expect_str_eq(canon, canon2);
    }
}

/* At the law's quartiles and 1% points: f from the host (GSL) equals
 * exp(log f) from density.h; P + Q = 1; quantile(P(x)) = x. */
Test(laws, host_and_device_functions_agree)
{
    const double ps[] = {0.01, 0.25, 0.5, 0.75, 0.99};
    for (int k = 0; k < TT_DIST_COUNT; ++k) {
        tt_dist d = law_of(k);
        const char *name = tt_dist_name(k);
        for (size_t i = 0; i < sizeof ps / sizeof ps[0]; ++i) {
            double x = tt_dist_quantile(&d, ps[i]);
            cr_expect(isfinite(x), "%s: quantile(%g) = %g", name, ps[i], x);
            double P = tt_dist_P(&d, x), Q = tt_dist_Q(&d, x);
            cr_expect_lt(fabs(P + Q - 1), 1e-12, "%s at %g: P + Q = %.17g", name, x, P + Q);
            if (k == TT_EMPIRICAL)
                continue; /* a step function: no density, quantiles only up to a step */
            cr_expect_lt(fabs(P - ps[i]), 1e-9, "%s: P(quantile(%g)) = %.17g", name, ps[i], P);
            double f = tt_dist_pdf(&d, x), lf = tt_dist_logpdf(&d, x);
            cr_expect_lt(fabs(exp(lf) - f), 1e-12 * f, "%s at %g: pdf %.17g vs exp(logpdf) %.17g", name, x, f,
                         exp(lf));
        }
    }
}

/* Every law, as error and as utility, through the CPU tile and the
 * per-sample sampler: the same values (up to fused multiply-adds). */
Test(laws, tile_draws_what_the_sampler_draws)
{
    tt_philox_key key = tt_philox_key_from_seed(7);
    for (int k = 0; k < TT_DIST_COUNT; ++k) {
        tt_model m;
        m.error = law_of(k);
        m.utility = law_of((k + 1) % TT_DIST_COUNT);
        double x[TT_TILE], v[TT_TILE];
        int n = TT_TILE - 5;
        tt_model_draw_tile(&m, key, 4, 2, 100, 1, 0, 0, n, x, v);
        for (int i = 0; i < n; ++i) {
            tt_outcome o = tt_model_draw(&m, key, 4, 2, 100 + (uint32_t)i, 0);
            cr_assert(fabs(x[i] - o.x) <= 1e-13 * fabs(o.x) && isfinite(x[i]), "%s: %.17g vs %.17g",
                      tt_dist_name(k), x[i], o.x);
            cr_assert(fabs(v[i] - o.v) <= 1e-13 * fabs(o.v) && isfinite(v[i]), "%s: %.17g vs %.17g",
                      tt_dist_name((k + 1) % TT_DIST_COUNT), v[i], o.v);
        }
    }
}

/* The same in float: the tile and tt_model_draw_f agree to the rounding of
 * a fused multiply-add here and there (a few ulp). */
Test(laws, float_tile_draws_what_the_float_sampler_draws)
{
    tt_philox_key key = tt_philox_key_from_seed(7);
    for (int k = 0; k < TT_DIST_COUNT; ++k) {
        tt_model m;
        m.error = law_of(k);
        m.utility = law_of((k + 1) % TT_DIST_COUNT);
        float x[TT_TILE], v[TT_TILE];
        int n = TT_TILE - 5;
        tt_model_draw_tile_f(&m, key, 4, 2, 100, 1, 0, 0, n, x, v);
        for (int i = 0; i < n; ++i) {
            tt_outcome_f o = tt_model_draw_f(&m, key, 4, 2, 100 + (uint32_t)i, 0);
            cr_assert(fabsf(x[i] - o.x) <= 4e-7f * fmaxf(fabsf(o.x), 1e-30f) && isfinite(x[i]), "%s: %.9g vs %.9g",
                      tt_dist_name(k), x[i], o.x);
            cr_assert(fabsf(v[i] - o.v) <= 4e-7f * fmaxf(fabsf(o.v), 1e-30f) && isfinite(v[i]), "%s: %.9g vs %.9g",
                      tt_dist_name((k + 1) % TT_DIST_COUNT), v[i], o.v);
        }
    }
}

/* The statistical sampler tests list their specs by hand: each law must be
 * among them, so that a new law cannot skip its moments, CDF and tail tests. */
Test(laws, every_law_is_in_the_sampler_tests)
{
    FILE *fp = fopen(TT_TEST_SOURCES "/test_dist.c", "r");
    cr_assert(fp, "cannot read test_dist.c");
    char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    for (int k = 0; k < TT_DIST_COUNT; ++k) {
        if (k == TT_EMPIRICAL)
            continue; /* tested on data in test_tail.c */
        char needle[64];
        snprintf(needle, sizeof needle, "\"%s(", tt_dist_name(k));
        cr_expect(strstr(text, needle), "law %s is not among test_dist.c's specs", tt_dist_name(k));
    }
}
