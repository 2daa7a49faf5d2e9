/* test_is.c: importance-sampled thresholds and constructions far in the tail
 * against exact references: P(U >= t) to 1e-30, E[V | U >= t] out to t = 1000,
 * each within 5 se and with se below the stated precision (scaled budgets). */
#include <criterion/criterion.h>
#include <math.h>
#include "job_util.h"
#include "methods/threshold_points.h"

static void run_both(tt_job *j, tt_record *mc, tt_record *ex)
{
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_run_cpu(j, mc, NULL, msg), TT_OK, "%s", msg);
    cr_assert_eq(tt_exact(j, ex, msg), TT_OK, "%s", msg);
}

#define NEAR(field, sefield, g, bound)                                                                       \
    do {                                                                                                     \
        cr_expect_lt(fabs(mc[g].field - ex[g].field), 5 * mc[g].sefield, #field " at t=%g: %.6g vs %.6g (se %.3g)", \
                     j.grid[g], mc[g].field, ex[g].field, mc[g].sefield);                                    \
        cr_expect_lt(mc[g].sefield, bound, #field " at t=%g: se %.3g above %.3g", j.grid[g], mc[g].sefield,     \
                     (double)(bound));                                                                       \
    } while (0)

/* Normals: P down to 5.6e-30 with relative se below 1% from 2e5 samples (the
 * target of 1e8 samples leaves a factor 20 in se to spare). */
Test(is, normal_threshold_to_1e_30)
{
    tt_job j = tt_test_job(TT_THRESHOLD, "normal()", "normal()", "4,8,16", 200000, 1);
    j.proposal = TT_PROPOSAL_AUTO;
    tt_record mc[3], ex[3];
    run_both(&j, mc, ex);
    for (int g = 0; g < 3; ++g) {
        cr_expect_str_eq(mc[g].proposal, "tilt");
        NEAR(P, P_se, g, 0.01 * ex[g].P);
        NEAR(E_V, E_V_se, g, 0.01);
        NEAR(E_X, E_X_se, g, 0.01);
        cr_expect_eq(mc[g].reliable, 1, "%s", mc[g].unreliable_reason);
    }
    cr_expect_lt(ex[2].P, 1e-29);
    free(j.grid);
}

/* Student-t(3) error: E[V | U >= t] returns to E[V] = 0 out to t = 1000; se
 * below 0.003 sd(V) from 1e6 samples (0.0003 at 1e8). */
Test(is, student_t_threshold_to_1000)
{
    tt_job j = tt_test_job(TT_THRESHOLD, "student_t(df=3)", "normal()", "30,1000", 1000000, 2);
    j.proposal = TT_PROPOSAL_AUTO;
    tt_record mc[2], ex[2];
    run_both(&j, mc, ex);
    for (int g = 0; g < 2; ++g) {
        cr_expect_str_eq(mc[g].proposal, "tail");
        NEAR(P, P_se, g, 0.01 * ex[g].P);
        NEAR(E_V, E_V_se, g, 0.003);
        NEAR(E_X, E_X_se, g, 0.01 * ex[g].E_X);
        cr_expect_lt(mc[g].khat, 0.5, "bounded weights: k-hat %g", mc[g].khat);
    }
    free(j.grid);
}

Test(is, construct_far_in_the_tail)
{
    tt_job j = tt_test_job(TT_CONSTRUCT, "student_t(df=3)", "normal()", "100,1000", 1000000, 3);
    j.proposal = TT_PROPOSAL_TAIL;
    tt_record mc[2], ex[2];
    run_both(&j, mc, ex);
    for (int g = 0; g < 2; ++g) {
        NEAR(E_X, E_X_se, g, 0.05);
        NEAR(KL, KL_se, g, 0.01);
    }
    free(j.grid);
    j = tt_test_job(TT_CONSTRUCT, "normal()", "normal()", "5,8", 1000000, 4);
    j.proposal = TT_PROPOSAL_AUTO;
    run_both(&j, mc, ex);
    for (int g = 0; g < 2; ++g) {
        cr_expect_str_eq(mc[g].proposal, "tilt");
        NEAR(E_X, E_X_se, g, 0.01);
        NEAR(KL, KL_se, g, 0.03);
    }
    free(j.grid);
}

/* auto keeps plain sampling where the event is common; explicit choices that
 * do not apply are refused. */
Test(is, auto_choice_and_refusals)
{
    tt_job j = tt_test_job(TT_THRESHOLD, "normal()", "normal()", "0", 100000, 5);
    tt_proposal p;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_proposal_choose(&j, 0.0, 0, TT_PROPOSAL_AUTO, &p, msg), TT_OK);
    cr_expect_eq(p.kind, TT_PROPOSAL_NONE);
    cr_assert_eq(tt_proposal_choose(&j, 12.0, 0, TT_PROPOSAL_AUTO, &p, msg), TT_OK);
    cr_expect_eq(p.kind, TT_PROPOSAL_TILT);
    free(j.grid);
    j = tt_test_job(TT_THRESHOLD, "student_t(df=3)", "normal()", "0", 100000, 5);
    cr_expect_eq(tt_proposal_choose(&j, 50.0, 0, TT_PROPOSAL_TILT, &p, msg), TT_EINVAL);
    cr_assert_eq(tt_proposal_choose(&j, 50.0, 0, TT_PROPOSAL_AUTO, &p, msg), TT_OK);
    cr_expect_eq(p.kind, TT_PROPOSAL_TAIL);
    free(j.grid);
}

/* Best-of-N far beyond the sample size: one sample set drawn from a tail
 * proposal, weighted; N up to 1e6 from 2e6 samples against the reference. */
Test(is, weighted_bon_with_tail_proposal)
{
    tt_job j = tt_test_job(TT_BON, "student_t(df=3)", "normal()", "1024,65536,1000000", 2000000, 7);
    j.weighted = 1;
    j.proposal = TT_PROPOSAL_AUTO;
    tt_record mc[3], ex[3];
    run_both(&j, mc, ex);
    for (int g = 0; g < 3; ++g) {
        cr_expect_str_eq(mc[g].proposal, "tail");
        cr_expect_eq(mc[g].reliable, 1, "N=%g: %s", j.grid[g], mc[g].unreliable_reason);
        NEAR(E_X, E_X_se, g, 0.05 * ex[g].E_X); /* the tail proposal leaves the body to its 10% */
        NEAR(E_V, E_V_se, g, 0.2);
    }
    free(j.grid);
    /* without the proposal the same budget cannot reach N = 1e6: flagged */
    j = tt_test_job(TT_BON, "student_t(df=3)", "normal()", "1000000", 2000000, 7);
    j.weighted = 1;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_run_cpu(&j, mc, NULL, msg), TT_OK, "%s", msg);
    cr_expect_eq(mc[0].reliable, 0);
    free(j.grid);
}
