/* test_accum.c: accumulator merges agree with one sequential pass whatever
 * the split, and the engine's records do not depend on the thread count. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "tailtilt/accum.h"
#include "job_util.h"
#include "sample_util.h"

#define REL(a, b) (fabs((a) - (b)) <= 1e-12 * fmax(fabs(a), fabs(b)) + 1e-300)

static void assert_tilt_close(const tt_tilt_acc *a, const tt_tilt_acc *b)
{
    cr_assert_eq(a->n, b->n);
    cr_assert_eq(a->shift, b->shift);
    double x[] = {a->sw, a->swu, a->swv, a->swx, a->sw2, a->sw2u, a->sw2v, a->sw2x, a->sw2uu, a->sw2vv, a->sw2xx};
    double y[] = {b->sw, b->swu, b->swv, b->swx, b->sw2, b->sw2u, b->sw2v, b->sw2x, b->sw2uu, b->sw2vv, b->sw2xx};
    for (int i = 0; i < 11; ++i)
        cr_assert(REL(x[i], y[i]), "sum %d: %.17g vs %.17g", i, x[i], y[i]);
}

Test(accum, tilt_merge_any_split_equals_sequential)
{
    tt_dist d;
    char msg[TT_MSG_LEN];
    tt_dist_parse("student_t(df=3)", &d, msg);
    const int n = 20000;
    double *u = tt_test_draws(&d, n, 5), *v = tt_test_draws(&d, n, 6);
    tt_tilt_acc seq;
    tt_tilt_init(&seq);
    for (int i = 0; i < n; ++i)
        tt_tilt_add(&seq, u[i] / 0.7, u[i], v[i], u[i] - v[i]);
    /* pieces of ragged sizes merged left to right, and right to left */
    int cuts[] = {0, 1, 17, 4000, 4001, 12345, 19999, n};
    int np = sizeof cuts / sizeof cuts[0] - 1;
    tt_tilt_acc parts[8], fwd, bwd;
    for (int p = 0; p < np; ++p) {
        tt_tilt_init(&parts[p]);
        for (int i = cuts[p]; i < cuts[p + 1]; ++i)
            tt_tilt_add(&parts[p], u[i] / 0.7, u[i], v[i], u[i] - v[i]);
    }
    tt_tilt_init(&fwd);
    for (int p = 0; p < np; ++p)
        tt_tilt_merge(&fwd, &parts[p]);
    tt_tilt_init(&bwd);
    for (int p = np - 1; p >= 0; --p)
        tt_tilt_merge(&bwd, &parts[p]);
    assert_tilt_close(&seq, &fwd);
    assert_tilt_close(&seq, &bwd);
    /* an empty accumulator is the identity */
    tt_tilt_acc e;
    tt_tilt_init(&e);
    tt_tilt_merge(&fwd, &e);
    assert_tilt_close(&seq, &fwd);
    free(u);
    free(v);
}

Test(accum, sums3_merge_equals_sequential)
{
    tt_sums3 seq, a, b;
    tt_sums3_init(&seq);
    tt_sums3_init(&a);
    tt_sums3_init(&b);
    for (int i = 0; i < 1000; ++i) {
        double u = sin(i), v = cos(i), x = u - v;
        tt_sums3_add(&seq, u, v, x);
        tt_sums3_add(i < 300 ? &a : &b, u, v, x);
    }
    tt_sums3_merge(&b, &a);
    cr_assert_eq(b.n, seq.n);
    cr_assert(REL(b.su, seq.su) && REL(b.svv, seq.svv) && REL(b.sxx, seq.sxx));
}

Test(accum, bin_index)
{
    double t[] = {0, 1, 2};
    cr_assert_eq(tt_bin_index(t, 3, -5), 0);
    cr_assert_eq(tt_bin_index(t, 3, 0), 1); /* U >= t_0 */
    cr_assert_eq(tt_bin_index(t, 3, 1.5), 2);
    cr_assert_eq(tt_bin_index(t, 3, 2), 3);
    cr_assert_eq(tt_bin_index(t, 3, 1e300), 3);
    /* in float, against the thresholds rounded to float (as the device compares) */
    double near[] = {-1, 1.0 + 1e-9, 3};
    cr_assert_eq(tt_bin_index(near, 3, 1.0), 1);
    cr_assert_eq(tt_bin_index_f(near, 3, 1.0f), 2);
    cr_assert_eq(tt_bin_index_f(near, 3, 0.5f), 1);
    cr_assert_eq(tt_bin_index_f(near, 3, 3.0f), 3);
}

/* Same seed, 1 or 2 or 3 threads: identical records but for timing. */
static void assert_thread_independent(tt_method m, const char *grid, uint64_t n)
{
    tt_record r[3][4];
    for (int k = 0; k < 3; ++k) {
        tt_job j = tt_test_job(m, "student_t(df=3)", "normal()", grid, n, 42);
        j.threads = k + 1;
        char msg[TT_MSG_LEN];
        cr_assert_eq(tt_run_cpu(&j, r[k], NULL, msg), TT_OK, "%s", msg);
        free(j.grid);
    }
    for (int k = 1; k < 3; ++k)
        for (int g = 0; g < 3; ++g) {
            const tt_record *a = &r[0][g], *b = &r[k][g];
            double x[] = {a->E_U, a->E_V, a->E_X, a->E_V_se, a->KL, a->KL_se, a->P, a->logZ, a->ess};
            double y[] = {b->E_U, b->E_V, b->E_X, b->E_V_se, b->KL, b->KL_se, b->P, b->logZ, b->ess};
            cr_assert(memcmp(x, y, sizeof x) == 0, "%s: %d threads differ from 1", tt_method_name(m), k + 1);
        }
}

Test(accum, records_independent_of_threads)
{
    assert_thread_independent(TT_TILT, "0.5,1,2", 300001);
    assert_thread_independent(TT_THRESHOLD, "0,1,2", 300001);
    assert_thread_independent(TT_BON, "1,7,64", 3001);
    assert_thread_independent(TT_CONSTRUCT, "2,3,5", 300001);
}

/* The tilting loop's exp: within 1e-15 relative of libm's over the range the
 * weights use, 0 below -708 (such weights vanish against the largest, 1). */
#include "tailtilt/fastmath.h"
Test(accum, fast_exp_accuracy)
{
    double worst = 0;
    for (int i = 0; i <= 2000000; ++i) {
        double x = -708.0 + 1417.0 * i / 2000000.0;
        double a = tt_exp(x), b = exp(x);
        worst = fmax(worst, fabs(a - b) / b);
    }
    cr_assert_lt(worst, 1e-15, "max relative error %g", worst);
    cr_assert_eq(tt_exp(-800.0), 0.0);
    cr_assert_eq(tt_exp(0.0), 1.0);
}
