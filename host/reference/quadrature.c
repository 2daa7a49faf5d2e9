/* quadrature.c: integration over pieces of the real line: finite pieces by
 * QAGS, infinite ends by QAGIL/QAGIU, relative tolerance 1e-10. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include "reference/quadrature.h"
#include "tailtilt/defs.h"

#define LIMIT 2000

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct { tt_integrand f; void *p; double scale; } wrap;

/* One outermost integral's budget of integrand evaluations, nested integrals'
 * included: a law narrow against the scale of its breakpoints (Pareto with
 * alpha = 1e6) would otherwise keep nested adaptive quadratures busy for
 * hours. A count, not a clock, so that a reference does not depend on the
 * machine. The heaviest reference measured (lognormal(sigma=2) utility, N = 1e6)
 * takes 5e7; the paper's take at most 3e6. */
#define EVAL_BUDGET 200000000ull
static _Thread_local unsigned long long evals;
static _Thread_local int depth;

static double call(double x, void *w)
{
    if (++evals > EVAL_BUDGET)
        return 0.0; /* unwinds fast; tt_integrate reports it */
    return ((wrap *)w)->f(x, ((wrap *)w)->p);
}

/* x = scale s: an infinite piece that starts far from 0 ([a, inf) with
 * a > 1, or (-inf, b] with b < -1) where GSL's own substitution failed is
 * integrated again over s in [1, inf): a tail decaying on the scale of |a|
 * (a power law) varies there on the scale of 1. */
static double scaled(double s, void *w)
{
    wrap *v = w;
    if (++evals > EVAL_BUDGET)
        return 0.0;
    return fabs(v->scale) * v->f(v->scale * s, v->p);
}

/* One piece [a, b] by GSL: QAGS where finite, QAGIL/QAGIU/QAGI where not;
 * the GSL status. */
static int gsl_piece(gsl_function *F, gsl_function *S, wrap *w, gsl_integration_workspace *ws, double a, double b,
                     double *r, double *err)
{
    int g;
    if (isinf(a) && isinf(b))
        g = gsl_integration_qagi(F, 0, 1e-10, LIMIT, ws, r, err);
    else if (isinf(a))
        g = gsl_integration_qagil(F, b, 0, 1e-10, LIMIT, ws, r, err);
    else if (isinf(b))
        g = gsl_integration_qagiu(F, a, 0, 1e-10, LIMIT, ws, r, err);
    else
        g = gsl_integration_qags(F, a, b, 0, 1e-10, LIMIT, ws, r, err);
    double r2, err2;
    if (g != GSL_SUCCESS && ((isinf(a) && !isinf(b) && b < -1) || (isinf(b) && !isinf(a) && a > 1))) {
        w->scale = isinf(a) ? b : a;
        int g2 = gsl_integration_qagiu(S, 1.0, 0, 1e-10, LIMIT, ws, &r2, &err2);
        if (g2 == GSL_SUCCESS || err2 < *err) {
            g = g2;
            *r = r2;
            *err = err2;
        }
    }
    /* QAGS's extrapolation assumes a singularity at an end, and a flagged
     * piece may owe its flag to that: plain bisection is tried instead (the
     * lognormal best-of-N reference of test_exact needs it at N = 1e5) */
    if (g != GSL_SUCCESS && isfinite(a) && isfinite(b) &&
        gsl_integration_qag(F, a, b, 0, 1e-10, LIMIT, GSL_INTEG_GAUSS31, ws, &r2, &err2) == GSL_SUCCESS) {
        g = GSL_SUCCESS;
        *r = r2;
        *err = err2;
    }
    return g;
}

/* A finite piece of one sign spanning more than five decades is cut there: QAGS reads a density like v^-0.6 on [a, b] with a << b as
 * singular at 0 and extrapolates to the integral from 0, silently (1e-3 high
 * on [3e-18, 1e-10], 1.6e-5 on [1e-12, 1]); cut pieces measured exact. */
#define SPAN 1e5

static double span_end(double a, double b)
{
    if (a > 0 && isfinite(b) && b > SPAN * a)
        return SPAN * a;
    if (b < 0 && isfinite(a) && a < SPAN * b)
        return a / SPAN;
    return b;
}

int tt_integrate(tt_integrand f, void *params, double lo, double hi,
                 const double *breaks, int nbreaks, double *result)
{
    gsl_set_error_handler_off();
    if (depth++ == 0)
        evals = 0;
    double pts[34];
    int n = 0;
    pts[n++] = lo;
    for (int i = 0; i < nbreaks && n < 33; ++i)
        if (isfinite(breaks[i]) && breaks[i] > lo && breaks[i] < hi)
            pts[n++] = breaks[i];
    qsort(pts + 1, (size_t)(n - 1), sizeof(double), cmp_double);
    pts[n++] = hi;
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(LIMIT);
    if (!ws) {
        --depth;
        return TT_ENOMEM;
    }
    wrap w = {f, params, 1.0};
    gsl_function F = {call, &w}, S = {scaled, &w};
    /* A piece that GSL could not bring to its tolerance (round-off, the
     * subdivision limit, slow convergence) is kept when its value and error
     * are negligible against the whole: far tails often end in such pieces. */
    double total = 0.0, doubtful = 0.0;
    int st = TT_OK;
    for (int i = 0; i + 1 < n && st == TT_OK; ++i) {
        for (double a = pts[i], b; a < pts[i + 1] && st == TT_OK; a = b) {
            b = span_end(a, pts[i + 1]);
            double r = 0, err = 0;
            int g = gsl_piece(&F, &S, &w, ws, a, b, &r, &err);
            if (!isfinite(r))
                st = TT_ENUMERIC;
            else if (g != GSL_SUCCESS && !(err <= 1e-7 * fabs(r) || err < 1e-300))
                doubtful += fabs(r) + err;
            total += r;
        }
    }
    if (st == TT_OK && doubtful > 1e-8 * fabs(total))
        st = TT_ENUMERIC;
    if (evals > EVAL_BUDGET)
        st = TT_ENUMERIC;
    --depth;
    gsl_integration_workspace_free(ws);
    *result = total;
    return st;
}
