/* test_exact.c: the references themselves against independent closed forms,
 * exercising both the closed-form and the quadrature paths. */
#include <criterion/criterion.h>
#include <math.h>
#include "job_util.h"
#include "reference/exact.h"
#include "reference/quadrature.h"

static void run_exact(tt_job *j, tt_record *r)
{
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_exact(j, r, msg), TT_OK, "%s", msg);
    free(j->grid);
}

#define CLOSE(a, b, tol) cr_expect_lt(fabs((a) - (b)), (tol) * fmax(1.0, fabs(b)), "%.12g vs %.12g", (a), (b))

Test(exact, bon_expected_maxima_of_normals)
{
    tt_job j = tt_test_job(TT_BON, "normal()", "normal()", "1,2,3", 1, 1);
    tt_record r[3];
    run_exact(&j, r);
    double s = sqrt(2.0);
    CLOSE(r[0].E_U, 0.0, 1e-9);
    CLOSE(r[1].E_U, s / sqrt(M_PI), 1e-9);
    CLOSE(r[2].E_U, s * 1.5 / sqrt(M_PI), 1e-9);
    CLOSE(r[2].E_V, 0.5 * r[2].E_U, 1e-9);
    CLOSE(r[1].KL, log(2.0) - 0.5, 1e-15);
}

/* Student-t with df = 1e7 is a normal to about 1e-7: the quadrature path
 * must land on the normal closed form. */
Test(exact, quadrature_paths_meet_normal_closed_forms)
{
    const char *near = "student_t(df=1e7)";
    tt_record q[4], c[4];
    tt_job jq = tt_test_job(TT_BON, near, "normal(scale=2)", "2,16,1000", 1, 1);
    tt_job jc = tt_test_job(TT_BON, "normal()", "normal(scale=2)", "2,16,1000", 1, 1);
    run_exact(&jq, q);
    run_exact(&jc, c);
    cr_assert_str_eq(q[0].reference, "quadrature");
    cr_assert_str_eq(c[0].reference, "closed_form");
    for (int g = 0; g < 3; ++g) {
        CLOSE(q[g].E_U, c[g].E_U, 1e-5);
        CLOSE(q[g].E_V, c[g].E_V, 1e-5);
    }
    jq = tt_test_job(TT_THRESHOLD, near, "normal(scale=2)", "-1,0,3,8", 1, 1);
    jc = tt_test_job(TT_THRESHOLD, "normal()", "normal(scale=2)", "-1,0,3,8", 1, 1);
    run_exact(&jq, q);
    run_exact(&jc, c);
    for (int g = 0; g < 4; ++g) {
        CLOSE(q[g].P / c[g].P, 1.0, 1e-4);
        CLOSE(q[g].E_V, c[g].E_V, 1e-5);
        CLOSE(q[g].E_X, c[g].E_X, 1e-5);
    }
}

/* Exponential X and V: U ~ Gamma(2, 1), P(U >= t) = (1 + t) e^-t and
 * E[U; U >= t] = (t^2 + 2t + 2) e^-t; by symmetry E[V | .] = E[U | .]/2. */
Test(exact, threshold_gamma_sum)
{
    tt_job j = tt_test_job(TT_THRESHOLD, "exponential()", "exponential()", "0.5,3,20", 1, 1);
    tt_record r[3];
    run_exact(&j, r);
    double ts[] = {0.5, 3, 20};
    for (int g = 0; g < 3; ++g) {
        double t = ts[g], P = (1 + t) * exp(-t), EU = (t * t + 2 * t + 2) / (1 + t);
        CLOSE(r[g].P / P, 1.0, 1e-8);
        CLOSE(r[g].E_U, EU, 1e-8);
        CLOSE(r[g].E_V, EU / 2, 1e-8);
    }
}

/* Exponential X: E[exp(sX)] = 1/(1-s), tilted mean 1/(1-s); Laplace V with
 * scale b: E[exp(sV)] = 1/(1 - b^2 s^2), tilted mean 2 b^2 s/(1 - b^2 s^2). */
Test(exact, tilt_by_quadrature)
{
    tt_job j = tt_test_job(TT_TILT, "exponential()", "laplace(scale=0.5)", "1.5,4", 1000, 1);
    tt_record r[2];
    run_exact(&j, r);
    double bs[] = {1.5, 4};
    for (int g = 0; g < 2; ++g) {
        double s = 1 / bs[g], b2 = 0.25;
        double logZ = -log(1 - s) - log(1 - b2 * s * s);
        CLOSE(r[g].logZ, logZ, 1e-8);
        CLOSE(r[g].E_X, 1 / (1 - s), 1e-8);
        CLOSE(r[g].E_V, 2 * b2 * s / (1 - b2 * s * s), 1e-8);
        CLOSE(r[g].KL, r[g].E_U * s - logZ, 1e-12);
    }
    /* beta at or below the exponential's radius: no tilted policy */
    j = tt_test_job(TT_TILT, "exponential()", "normal()", "1,0.5", 1000, 1);
    run_exact(&j, r);
    cr_assert(isnan(r[0].logZ) && isnan(r[1].logZ));
    cr_assert_str_eq(r[0].regime, "heavy");
}

/* Construct with Q = N(0,1): P(X >= t) = Q(t), E[X; X >= t] = phi(t). */
Test(exact, construct_normal_closed_form)
{
    tt_job j = tt_test_job(TT_CONSTRUCT, "normal()", "normal()", "2,4", 1, 1);
    tt_record r[2];
    run_exact(&j, r);
    double ts[] = {2, 4};
    for (int g = 0; g < 2; ++g) {
        double t = ts[g], p = pow(t, -0.8);
        double Qb = 0.5 * erfc(t / sqrt(2)), phi = exp(-t * t / 2) / sqrt(2 * M_PI);
        double EX = (1 - p) / (1 - Qb) * (0 - phi) + p / Qb * phi;
        double KL = (1 - p) * log((1 - p) / (1 - Qb)) + p * log(p / Qb);
        CLOSE(r[g].E_X, EX, 1e-10);
        CLOSE(r[g].KL, KL, 1e-10);
        CLOSE(r[g].E_V, 0.0, 1e-12);
    }
}

/* ---- best-of-N with a light error and a heavy utility, far out in N ---- */

typedef struct { const tt_model *m; double n; int stein; } bon_check;

/* 1 - F^N for u >= 0, -F^N below (E[U*] is their integral), or with stein
 * N (N-1) F^(N-2) f^2: for X ~ N(0, 1), E[X F(X + V)^(N-1)] = (N-1) E[F^(N-2) f]
 * (Stein), so E[X*] = N (N-1) E[F(U)^(N-2) f(U)], a sum of positive terms. */
static double bon_check_integrand(double u, void *vp)
{
    const bon_check *c = vp;
    double Q, P, f;
    cr_assert_eq(tt_sum_cdf(c->m, u, 0, &Q), TT_OK);
    cr_assert_eq(tt_sum_cdf(c->m, u, 1, &P), TT_OK);
    double logF = Q < 0.5 ? log1p(-Q) : log(P);
    if (!c->stein)
        return u >= 0 ? -expm1(c->n * logF) : -exp(c->n * logF);
    cr_assert_eq(tt_sum_pdf(c->m, u, &f), TT_OK);
    return c->n * (c->n - 1) * exp((c->n - 2) * logF) * f * f;
}

/* E[X*] is a few thousandths against an E[U*] of thousands: as E[U*] - E[V*]
 * it came out -0.17 at N = 1e5; and the law of U, a lognormal smeared by a
 * normal, lost the normal's 1% beyond its 0.99 quantile far out, which put
 * E[U*] 0.2% low there. Both against integrals of the CDF alone. */
Test(exact, bon_light_error_heavy_utility)
{
    tt_job j = tt_test_job(TT_BON, "normal()", "lognormal(sigma=2)", "1000,100000", 1, 1);
    tt_record r[2];
    run_exact(&j, r);
    for (int g = 0; g < 2; ++g) {
        double N = r[g].n, br[12], eu, ex;
        bon_check c = {&j.model, N, 0};
        int nb = 0;
        br[nb++] = 0;
        for (double q = 10 / N; q > 1e-8 / N; q /= 10)
            br[nb++] = tt_sum_upper_quantile(&j.model, q);
        cr_assert_eq(tt_integrate(bon_check_integrand, &c, -INFINITY, INFINITY, br, nb, &eu), TT_OK);
        c.stein = 1;
        cr_assert_eq(tt_integrate(bon_check_integrand, &c, -INFINITY, INFINITY, br, nb, &ex), TT_OK);
        cr_log_info("N %g: E_U %.12g vs %.12g, E_X %.9g vs %.9g", N, r[g].E_U, eu, r[g].E_X, ex);
        CLOSE(r[g].E_U, eu, 1e-9); /* measured 1e-10 */
        cr_expect_lt(fabs(r[g].E_X - ex), 1e-5 * ex, /* measured 1e-6 */ "E_X %.9g vs %.9g", r[g].E_X, ex);
    }
}

/* A law narrow against its breakpoints' scale kept nested quadratures busy
 * for hours; the evaluation budget turns it into an honest refusal. */
Test(exact, narrow_law_refused_within_budget)
{
    tt_job j = tt_test_job(TT_BON, "normal()", "pareto(alpha=1e6)", "4", 1, 1);
    tt_record r;
    run_exact(&j, &r);
    cr_expect_eq(r.reliable, 0);
    cr_expect(isnan(r.E_V) && strstr(r.unreliable_reason, "no reference"), "%s", r.unreliable_reason);
    /* the budget is each outermost integral's: the next reference has its own */
    j = tt_test_job(TT_BON, "normal()", "lognormal()", "16", 1, 1);
    run_exact(&j, &r);
    cr_expect_eq(r.reliable, 1, "%s", r.unreliable_reason);
}

/* QAGS extrapolates v^-0.6 on [3e-18, 1e-10] (a Weibull(0.4) density
 * between its quantiles near 0) to the integral from 0, 0.1% high under a
 * tiny error estimate: a threshold reference was 1e-7 off and a Monte Carlo
 * point 8.8 se from it. The integral is b^0.4 - a^0.4. */
static double power_density(double v, void *p)
{
    (void)p;
    return 0.4 * pow(v, -0.6);
}

Test(exact, quadrature_of_a_cut_off_singularity)
{
    double a = 3.16227806e-18, b = 1.00012501e-10, r;
    cr_assert_eq(tt_integrate(power_density, NULL, a, b, NULL, 0, &r), TT_OK);
    double want = pow(b, 0.4) - pow(a, 0.4);
    cr_expect_lt(fabs(r / want - 1), 1e-12, "%.15g vs %.15g", r, want); /* measured 0 */
}

/* Laws whose mean lies far beyond their 1e-10 quantile: the moment
 * integrands keep their mass out where a Weibull(0.025) or a
 * lognormal(sigma=10) has almost none, and an open piece from that quantile
 * on returned 5e-4 and 1e-4 of E[X] (marked reliable). With U >= -40, all
 * but nothing passes: E[X | U >= t] is E[X], Gamma(41) and exp(50). */
Test(exact, means_far_beyond_the_quantiles)
{
    const char *errors[] = {"weibull(k=0.025)", "lognormal(sigma=10)"};
    double means[] = {tgamma(41.0), exp(50.0)};
    for (int i = 0; i < 2; ++i) {
        tt_job j = tt_test_job(TT_THRESHOLD, errors[i], "normal()", "-40", 1, 1);
        tt_record r;
        run_exact(&j, &r);
        CLOSE(r.E_X / means[i], 1.0, 1e-12); /* measured 1e-15 */
    }
}
