/* test_methods.c: every method's Monte Carlo record, in single and double
 * precision, against its exact reference, for independent normals and for a
 * Student-t(3) error: |estimate - exact| < 5 se, se below a stated bound, and
 * the two precisions in agreement. */
#include <criterion/criterion.h>
#include <math.h>
#include "job_util.h"

typedef struct { const char *name; double se_bound; } field_check;

static double get(const tt_record *r, const char *f, int se)
{
    if (!strcmp(f, "E_U")) return se ? r->E_U_se : r->E_U;
    if (!strcmp(f, "E_V")) return se ? r->E_V_se : r->E_V;
    if (!strcmp(f, "E_X")) return se ? r->E_X_se : r->E_X;
    if (!strcmp(f, "KL")) return se ? r->KL_se : r->KL;
    if (!strcmp(f, "P")) return se ? r->P_se : r->P;
    if (!strcmp(f, "logZ")) return se ? r->logZ_se : r->logZ;
    return NAN;
}

/* Runs Monte Carlo in both precisions and exact on the same job; checks each
 * field at each point against exact, and single against double: the same
 * samples, so within max(1e-5 relative, 0.05 se). */
static void check(tt_job j, const field_check *fields, int nf)
{
    tt_record mc[2][8], ex[8];
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_exact(&j, ex, msg), TT_OK, "%s", msg);
    for (int pr = 0; pr < 2; ++pr) {
        j.precision = pr ? TT_PRECISION_DOUBLE : TT_PRECISION_SINGLE;
        cr_assert_eq(tt_run_cpu(&j, mc[pr], NULL, msg), TT_OK, "%s", msg);
        for (int g = 0; g < j.ngrid; ++g) {
            cr_expect_str_eq(mc[pr][g].precision, tt_precision_name(j.precision));
            for (int f = 0; f < nf; ++f) {
                double est = get(&mc[pr][g], fields[f].name, 0), se = get(&mc[pr][g], fields[f].name, 1);
                double ref = get(&ex[g], fields[f].name, 0);
                cr_expect(isfinite(est) && isfinite(ref) && se > 0, "%s %s at %g: est %g se %g exact %g",
                          j.error_spec, fields[f].name, j.grid[g], est, se, ref);
                cr_expect_lt(fabs(est - ref), 5 * se, "%s %s %s at %g (%s): %.6g vs exact %.6g (se %.3g)",
                             tt_method_name(j.method), j.error_spec, fields[f].name, j.grid[g],
                             mc[pr][g].precision, est, ref, se);
                cr_expect_lt(se, fields[f].se_bound, "%s %s at %g (%s): se %g above bound %g", j.error_spec,
                             fields[f].name, j.grid[g], mc[pr][g].precision, se, fields[f].se_bound);
            }
        }
    }
    for (int g = 0; g < j.ngrid; ++g)
        for (int f = 0; f < nf; ++f) {
            double s = get(&mc[0][g], fields[f].name, 0), d = get(&mc[1][g], fields[f].name, 0);
            double se = get(&mc[1][g], fields[f].name, 1);
            cr_expect_leq(fabs(s - d), fmax(1e-5 * fabs(d), 0.05 * se), "%s %s at %g: single %.9g, double %.9g",
                          tt_method_name(j.method), fields[f].name, j.grid[g], s, d);
        }
    free(j.grid);
}

Test(methods, tilt_normal)
{
    field_check f[] = {{"E_U", 0.02}, {"E_V", 0.015}, {"E_X", 0.015}, {"KL", 0.015}, {"logZ", 0.015}};
    check(tt_test_job(TT_TILT, "normal()", "normal(scale=2)", "1.5,2,4", 1000000, 1), f, 5);
}

Test(methods, tilt_exponential_error_by_quadrature)
{
    field_check f[] = {{"E_U", 0.02}, {"E_V", 0.01}, {"E_X", 0.02}, {"KL", 0.01}, {"logZ", 0.01}};
    check(tt_test_job(TT_TILT, "exponential()", "laplace(scale=0.5)", "2.5,4,8", 1000000, 2), f, 5);
}

Test(methods, tilt_heavy_error_is_flagged)
{
    tt_job j = tt_test_job(TT_TILT, "student_t(df=3)", "normal()", "0.5,1,10", 100000, 3);
    tt_record mc[3], ex[3];
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_run_cpu(&j, mc, NULL, msg), TT_OK);
    cr_assert_eq(tt_exact(&j, ex, msg), TT_OK);
    for (int g = 0; g < 3; ++g) {
        cr_assert_str_eq(mc[g].regime, "heavy");
        cr_assert_eq(mc[g].reliable, 0);
        cr_assert(strstr(mc[g].unreliable_reason, "infinite") != NULL);
        cr_assert(isnan(ex[g].E_V) && isnan(ex[g].logZ), "no exact value where none exists");
    }
    free(j.grid);
    /* A light error at the same betas is reliable. */
    j = tt_test_job(TT_TILT, "normal()", "normal()", "1,10", 100000, 3);
    cr_assert_eq(tt_run_cpu(&j, mc, NULL, msg), TT_OK);
    cr_assert_str_eq(mc[0].regime, "light");
    cr_assert_eq(mc[0].reliable, 1);
    free(j.grid);
}

Test(methods, threshold_normal)
{
    field_check f[] = {{"E_U", 0.02}, {"E_V", 0.02}, {"E_X", 0.02}, {"P", 1e-3}, {"KL", 0.02}};
    check(tt_test_job(TT_THRESHOLD, "normal()", "normal(scale=2)", "-1,0,2,4", 1000000, 4), f, 5);
}

Test(methods, threshold_student_t_error)
{
    field_check f[] = {{"E_U", 0.3}, {"E_V", 0.05}, {"E_X", 0.3}, {"P", 1e-3}, {"KL", 0.05}};
    check(tt_test_job(TT_THRESHOLD, "student_t(df=3)", "normal()", "0,2,5,10", 2000000, 5), f, 5);
}

Test(methods, bon_normal)
{
    field_check f[] = {{"E_U", 0.03}, {"E_V", 0.03}, {"E_X", 0.015}};
    check(tt_test_job(TT_BON, "normal()", "normal(scale=2)", "1,4,64,1000", 10000, 6), f, 3);
}

Test(methods, bon_student_t_error)
{
    field_check f[] = {{"E_U", 0.1}, {"E_V", 0.02}, {"E_X", 0.1}};
    check(tt_test_job(TT_BON, "student_t(df=3)", "normal()", "1,16,256", 10000, 7), f, 3);
}

Test(methods, construct_normal)
{
    tt_job j = tt_test_job(TT_CONSTRUCT, "normal()", "normal()", "1.5,2,3", 2000000, 8);
    field_check f[] = {{"E_U", 0.04}, {"E_V", 0.02}, {"E_X", 0.04}, {"KL", 0.07}};
    check(j, f, 4);
}

Test(methods, construct_student_t_error_and_sum)
{
    field_check f[] = {{"E_U", 0.1}, {"E_V", 0.01}, {"E_X", 0.1}, {"KL", 0.02}};
    check(tt_test_job(TT_CONSTRUCT, "student_t(df=3)", "normal()", "2,5,10", 2000000, 9), f, 4);
    tt_job j = tt_test_job(TT_CONSTRUCT, "student_t(df=3)", "normal()", "2,5,10", 2000000, 10);
    j.q_is_sum = 1;
    check(j, f, 4);
}
