/* test_diag.c: the heavy-tail diagnostics: PSIS k-hat of tilting weights
 * against known shapes, the flags it raises, first-half and batch-means
 * estimates, and the weighted best-of-N estimator against exact references. */
#include <criterion/criterion.h>
#include <math.h>
#include "analysis/khat.h"
#include "job_util.h"

static void run(tt_job *j, tt_record *r)
{
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_run_cpu(j, r, NULL, msg), TT_OK, "%s", msg);
}

/* Exponential X with rate alpha and beta = 1: the weights exp(X) are Pareto
 * with tail index alpha, so k-hat estimates 1/alpha. */
Test(diag, khat_recovers_pareto_weight_shape)
{
    double alphas[] = {4, 2, 1.25};
    for (int i = 0; i < 3; ++i) {
        char spec[64];
        snprintf(spec, sizeof spec, "exponential(scale=%.17g)", 1 / alphas[i]);
        tt_job j = tt_test_job(TT_TILT, spec, "normal(scale=1e-9)", "1", 1000000, 11 + i);
        tt_record r;
        run(&j, &r);
        double k = 1 / alphas[i], M = 3 * sqrt(1e6), se = (1 + k) / sqrt(M);
        cr_expect_lt(fabs(r.khat - k), 5 * se, "alpha %g: k-hat %g, expected %g (se %g)", alphas[i], r.khat, k, se);
        cr_expect_str_eq(r.regime, "light");
        /* E[exp(U)] is finite for every alpha here, but from alpha = 2 on
         * E[exp(2U)] is not: the standard errors mean nothing */
        cr_expect_eq(r.reliable, k < 0.5 ? 1 : 0, "alpha %g: reliable %d (%s)", alphas[i], r.reliable,
                     r.unreliable_reason);
        if (k >= 0.5)
            cr_expect(strstr(r.unreliable_reason, "infinite variance") != NULL, "%s", r.unreliable_reason);
        free(j.grid);
    }
}

/* Laplace X and V (MGF radius 1): at beta = 1.45 the weights' k is 0.69, the
 * estimates sit 6 to 10 standard errors below the truth on some seeds and
 * k-hat (below 0.7) does not see it; at beta = 2.5 (k = 0.4) all is well. */
Test(diag, weights_with_infinite_variance_flagged)
{
    tt_job j = tt_test_job(TT_TILT, "laplace()", "laplace()", "1.45,2.5", 100000, 6);
    tt_record r[2];
    run(&j, r);
    cr_expect_eq(r[0].reliable, 0);
    cr_expect(strstr(r[0].unreliable_reason, "2/beta = 1.37931 is not below the MGF radius of the error (1)"),
              "%s", r[0].unreliable_reason);
    cr_expect_str_eq(r[0].regime, "light");
    cr_expect_eq(r[1].reliable, 1, "%s", r[1].unreliable_reason);
    free(j.grid);
}

/* A pool some of whose lists were full (the device's 8 values a thread, at
 * small S): k-hat is fitted to the values above the bound, which no list can
 * have dropped one above, and refused when fewer than 6 are. */
Test(diag, khat_pool_certain_values)
{
    tt_khat_pool p;
    cr_assert_eq(tt_khat_pool_init(&p, 1000), TT_OK); /* keeps 96 */
    double v[40];
    for (int i = 0; i < 40; ++i)
        v[i] = i + 1;
    tt_khat_pool_offer(&p, v, 40, 0, 0);
    tt_khat_pool_bound(&p, 30.5); /* a list dropped something at or below 30.5 */
    cr_expect_not(tt_khat_pool_exact(&p));
    tt_khat_pool_sort(&p);
    cr_expect_eq(tt_khat_pool_certain(&p), 10);
    cr_expect_null(tt_khat_pool_missing(&p));
    tt_khat_pool_bound(&p, 35.5);
    cr_expect_eq(tt_khat_pool_certain(&p), 5);
    cr_expect(strstr(tt_khat_pool_missing(&p), "dropped"));
    cr_expect_str_eq(tt_khat_pool_missing(NULL), "diagnostics are off");
    tt_khat_pool_free(&p);
}

/* The verdict alone: PSIS's bound min(1 - 1/log10 S, 0.7) both ways, and a
 * k-hat that could not be had is no pass. */
Test(diag, khat_verdict)
{
    struct { double khat; uint64_t S; const char *missing; int reliable; const char *why; } c[] = {
        {0.69, 1000000, NULL, 1, ""},
        {0.70, 1000000, NULL, 0, "k-hat 0.70 >= 0.70"},
        {0.60, 100000, NULL, 1, ""},
        {0.66, 1000, NULL, 1, ""},
        {0.67, 1000, NULL, 0, "k-hat 0.67 >= 0.67"},
        {NAN, 1000000, NULL, 1, ""}, /* the top weights all equal: nothing dominates */
        {0.1, 1000000, "diagnostics are off", 0, "k-hat not computed (diagnostics are off)"},
    };
    tt_job j = tt_test_job(TT_TILT, "normal()", "normal()", "1", 1000, 1);
    for (int i = 0; i < (int)(sizeof c / sizeof c[0]); ++i) {
        tt_record r;
        tt_record_init(&r, &j, 0);
        tt_khat_judge(&r, c[i].khat, c[i].S, c[i].missing);
        cr_expect_eq(r.reliable, c[i].reliable, "case %d: %s", i, r.unreliable_reason);
        cr_expect(strstr(r.unreliable_reason, c[i].why), "case %d: %s", i, r.unreliable_reason);
        cr_expect(c[i].missing ? isnan(r.khat) : r.khat == c[i].khat || isnan(c[i].khat), "case %d", i);
    }
    free(j.grid);
}

Test(diag, light_reliable_heavy_flagged)
{
    tt_job j = tt_test_job(TT_TILT, "normal()", "normal()", "1,2,4", 400000, 3);
    tt_record r[3];
    run(&j, r);
    for (int g = 0; g < 3; ++g) {
        cr_expect_eq(r[g].reliable, 1, "beta %g: %s", j.grid[g], r[g].unreliable_reason);
        cr_expect(r[g].khat < 0.7, "beta %g: k-hat %g", j.grid[g], r[g].khat);
    }
    free(j.grid);
    j = tt_test_job(TT_TILT, "student_t(df=3)", "normal()", "1,2,4", 400000, 3);
    run(&j, r);
    for (int g = 0; g < 3; ++g) {
        cr_expect_eq(r[g].reliable, 0);
        cr_expect_str_eq(r[g].regime, "heavy");
        cr_expect(isfinite(r[g].khat), "k-hat is reported even where the regime already decides");
    }
    free(j.grid);
}

/* First-half estimates and batch-means errors agree with the full estimate
 * and the delta-method error where the weights are light. */
Test(diag, stability_fields)
{
    tt_job j = tt_test_job(TT_TILT, "normal()", "normal()", "2", 2000000, 5);
    tt_record r;
    run(&j, &r);
    cr_expect_lt(fabs(r.E_V_half - r.E_V), 5 * r.E_V_se * sqrt(2.0), "half %g vs %g", r.E_V_half, r.E_V);
    cr_expect(r.E_V_se_batch > 0.6 * r.E_V_se && r.E_V_se_batch < 1.6 * r.E_V_se, "batch se %g vs delta se %g",
              r.E_V_se_batch, r.E_V_se);
    cr_expect(isfinite(r.KL_half) && isfinite(r.E_U_se_batch) && isfinite(r.E_X_se_batch));
    free(j.grid);
    /* --no-diagnostics leaves them out, and the record promises nothing */
    j = tt_test_job(TT_TILT, "normal()", "normal()", "2", 200000, 5);
    j.no_diagnostics = 1;
    run(&j, &r);
    cr_expect(isnan(r.khat) && isnan(r.E_V_half) && isnan(r.E_V_se_batch));
    cr_expect_eq(r.reliable, 0);
    cr_expect(strstr(r.unreliable_reason, "k-hat not computed (diagnostics are off)"), "%s", r.unreliable_reason);
    free(j.grid);
}

Test(diag, bon_chunk_spread)
{
    tt_job j = tt_test_job(TT_BON, "normal()", "normal()", "64", 20000, 2); /* 1024 trials a chunk: 20 chunks */
    tt_record r;
    run(&j, &r);
    /* the sd of chunk means is about sd(V*) sqrt(chunk trials / trials) x sqrt(chunks) = se x sqrt(chunks) */
    double chunks = ceil(20000.0 / 1024);
    cr_expect(r.E_V_chunk_sd > 0.5 * r.E_V_se * sqrt(chunks) && r.E_V_chunk_sd < 2 * r.E_V_se * sqrt(chunks),
              "chunk sd %g, se %g", r.E_V_chunk_sd, r.E_V_se);
    free(j.grid);
}

static void weighted_vs_exact(const char *error, const char *grid, double se_bound)
{
    tt_job j = tt_test_job(TT_BON, error, "normal()", grid, 4000000, 21);
    j.weighted = 1;
    tt_record mc[8], ex[8];
    char msg[TT_MSG_LEN];
    run(&j, mc);
    cr_assert_eq(tt_exact(&j, ex, msg), TT_OK, "%s", msg);
    for (int g = 0; g < j.ngrid; ++g) {
        cr_expect_str_eq(mc[g].estimator, "weighted");
        cr_expect_eq(mc[g].samples, 4000000);
        double est[3] = {mc[g].E_U, mc[g].E_V, mc[g].E_X}, se[3] = {mc[g].E_U_se, mc[g].E_V_se, mc[g].E_X_se},
               ref[3] = {ex[g].E_U, ex[g].E_V, ex[g].E_X};
        for (int q = 0; q < 3; ++q) {
            cr_expect_lt(fabs(est[q] - ref[q]), 5 * se[q], "%s N=%g field %d: %g vs %g (se %g)", error, j.grid[g], q,
                         est[q], ref[q], se[q]);
            cr_expect_lt(se[q], se_bound, "%s N=%g: se %g", error, j.grid[g], se[q]);
        }
        /* reliable while at least 1600 samples lie in the top 10/N: N <= S/160 */
        cr_expect_eq(mc[g].reliable, j.grid[g] <= 4000000.0 / 160 ? 1 : 0);
    }
    free(j.grid);
}

Test(diag, weighted_bon_matches_exact)
{
    weighted_vs_exact("normal()", "1,4,64,1024", 0.02);
    weighted_vs_exact("student_t(df=3)", "1,16,256", 0.1);
}

/* N comparable to the sample set is flagged. */
Test(diag, weighted_bon_flags_large_n)
{
    tt_job j = tt_test_job(TT_BON, "normal()", "normal()", "10,100000", 800000, 1);
    j.weighted = 1;
    tt_record r[2];
    run(&j, r);
    cr_expect_eq(r[0].reliable, 1);
    cr_expect_eq(r[1].reliable, 0);
    cr_expect(strstr(r[1].unreliable_reason, "comparable") != NULL, "%s", r[1].unreliable_reason);
    free(j.grid);
}
