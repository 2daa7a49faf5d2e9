/* exact_sum.c: the law of U = X + V and partial expectations E[f; Y >= t]
 * by one-dimensional convolution integrals (closed forms for normals). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include "reference/exact.h"
#include "laws/law.h"
#include "reference/quadrature.h"

int tt_model_is_normal(const tt_model *m)
{
    return m->error.kind == TT_NORMAL && m->utility.kind == TT_NORMAL;
}

int tt_dist_breaks(const tt_dist *d, double *out)
{
    out[0] = tt_dist_quantile(d, 0.25);
    out[1] = tt_dist_quantile(d, 0.5);
    out[2] = tt_dist_quantile(d, 0.75);
    out[3] = tt_dist_quantile(d, 0.01);
    out[4] = tt_dist_quantile(d, 0.99);
    return 5;
}

static void support(const tt_dist *d, double *lo, double *hi)
{
    tt_tail_info t;
    tt_dist_tail(d, &t);
    *lo = t.lo;
    *hi = t.hi;
}

typedef struct {
    const tt_model *m;
    double u;
    int mode; /* 0: f_V(v) f_X(u-v); 1: f_V(v) P_X(u-v); 2: f_V(v) Q_X(u-v);
                 3: v f_V(v) Q_X(u-v); 4: x f_X(x) Q_V(u-x); 5: v f_V(v) f_X(u-v);
                 6: x f_X(x) f_V(u-x) */
} conv_params;

static double conv_integrand(double y, void *vp)
{
    const conv_params *p = vp;
    const tt_dist *X = &p->m->error, *V = &p->m->utility;
    if (p->mode == 4 || p->mode == 6) {
        double f = tt_dist_pdf(X, y);
        if (f == 0)
            return 0;
        return y * f * (p->mode == 4 ? tt_dist_Q(V, p->u - y) : tt_dist_pdf(V, p->u - y));
    }
    double f = tt_dist_pdf(V, y);
    if (f == 0)
        return 0;
    switch (p->mode) {
    case 0: return f * tt_dist_pdf(X, p->u - y);
    case 1: return f * tt_dist_P(X, p->u - y);
    case 2: return f * tt_dist_Q(X, p->u - y);
    case 3: return y * f * tt_dist_Q(X, p->u - y);
    default: return y * f * tt_dist_pdf(X, p->u - y);
    }
}

/* Far quantiles of both laws, beside their breaks: where one law varies
 * slowly (a heavy tail far out), the integrand has the other law's shape, narrow
 * against a long piece, and a piece that starts or ends at that law's 0.01 or
 * 0.99 quantile misses the 1% beyond it (QAGS's nodes do not reach it). */
static const double far_tail[] = {1e-4, 1e-7, 1e-10};

/* Where a law's mean lies, beyond its 0.99 quantile: the points x at which
 * E[Y; Y >= x] has fallen to 1e-4, 1e-7 and 1e-10 of its value there (those
 * below the largest double). The moment integrands y f(y) keep their mass
 * there, and for a law whose mean lies far beyond its 1e-10 quantile
 * (Weibull with k = 0.025, lognormal with sigma = 10) an open piece from
 * that quantile on missed nearly all of it, silently. Bisection on log x. */
static int mean_breaks(const tt_dist *d, double *out)
{
    int n = 0;
    double x0 = fmax(tt_dist_quantile(d, 0.99), 1e-300), t0 = tt_dist_tail_mean(d, x0);
    for (int i = 0; i < 3 && t0 > 0 && isfinite(t0); ++i) {
        double goal = far_tail[i] * t0, lo = log(x0), hi = log(DBL_MAX);
        if (!(tt_dist_tail_mean(d, DBL_MAX) < goal))
            break;
        while (hi - lo > 0.01) { /* a break within 1% serves */
            double mid = 0.5 * (lo + hi);
            if (tt_dist_tail_mean(d, exp(mid)) > goal) lo = mid; else hi = mid;
        }
        out[n++] = exp(hi);
    }
    return n;
}

/* Integrate over the integrating variable's law (V, or X in modes 4 and 6),
 * split where that law and the shifted other law keep their mass, and for
 * the moment modes (3 to 6) where its mean lies. */
static int conv(const tt_model *m, double u, int mode, double *out)
{
    int over_x = mode == 4 || mode == 6;
    const tt_dist *over = over_x ? &m->error : &m->utility;
    const tt_dist *other = over_x ? &m->utility : &m->error;
    double br[29], lo, hi;
    int n = tt_dist_breaks(over, br);
    double ob[5];
    int k = tt_dist_breaks(other, ob);
    for (int i = 0; i < k; ++i)
        br[n++] = u - ob[i];
    for (int i = 0; i < 3; ++i) {
        br[n++] = u - tt_dist_quantile(other, far_tail[i]);
        br[n++] = u - tt_dist_quantile(other, 1 - far_tail[i]);
        br[n++] = tt_dist_quantile(over, far_tail[i]);
        br[n++] = tt_dist_quantile(over, 1 - far_tail[i]);
    }
    if (mode >= 3)
        n += mean_breaks(over, br + n);
    support(over, &lo, &hi);
    conv_params p = {m, u, mode};
    return tt_integrate(conv_integrand, &p, lo, hi, br, n, out);
}

int tt_sum_pdf(const tt_model *m, double u, double *out)
{
    if (tt_model_is_normal(m)) {
        double mu = m->error.loc + m->utility.loc;
        double s = hypot(m->error.scale, m->utility.scale);
        *out = gsl_ran_gaussian_pdf(u - mu, s);
        return TT_OK;
    }
    return conv(m, u, 0, out);
}

int tt_sum_cdf(const tt_model *m, double u, int lower, double *out)
{
    if (tt_model_is_normal(m)) {
        double mu = m->error.loc + m->utility.loc;
        double s = hypot(m->error.scale, m->utility.scale);
        *out = lower ? gsl_cdf_gaussian_P(u - mu, s) : gsl_cdf_gaussian_Q(u - mu, s);
        return TT_OK;
    }
    return conv(m, u, lower ? 1 : 2, out);
}

int tt_exact_upper_tail(const tt_model *m, int sum, double t, double *out, char *msg)
{
    int st = sum ? tt_sum_cdf(m, t, 0, out) : (*out = tt_dist_Q(&m->error, t), TT_OK);
    if (st != TT_OK)
        snprintf(msg, TT_MSG_LEN, "quadrature for P(U >= %g) did not converge", t);
    return st;
}

/* Over the law W (the one without a density: its atoms summed exactly), the
 * other law O's tail: P(O >= t - w), E[O; O >= t - w] or w P(O >= t - w). */
typedef struct {
    const tt_dist *other;
    double t;
    int what; /* 0: P; 1: E[O; .]; 2: w P */
} over_params;

static double over(double w, void *vp)
{
    const over_params *p = vp;
    double a = p->t - w, q = tt_dist_Q(p->other, a);
    switch (p->what) {
    case 0: return q;
    case 1: return q > 0 ? tt_dist_tail_mean(p->other, a) : 0.0;
    default: return w * q;
    }
}

/* E[f; U >= t] for a model with resampled data: integrate over the data's law. */
static int partial_over_data(const tt_model *m, double t, double out[4])
{
    int w_is_x = !tt_law_get(m->error.kind)->density;
    const tt_dist *W = w_is_x ? &m->error : &m->utility, *O = w_is_x ? &m->utility : &m->error;
    double br[2] = {t - tt_dist_quantile(O, 0.5), t - tt_dist_quantile(O, 0.99)};
    over_params p = {O, t, 0};
    int st = tt_dist_expect(W, over, &p, br, 2, &out[0]);
    p.what = 1; /* E[O; U >= t] */
    if (st == TT_OK)
        st = tt_dist_expect(W, over, &p, br, 2, &out[w_is_x ? 2 : 3]);
    p.what = 2; /* E[W; U >= t] */
    if (st == TT_OK)
        st = tt_dist_expect(W, over, &p, br, 2, &out[w_is_x ? 3 : 2]);
    return st == TT_OK && isfinite(out[2]) && isfinite(out[3]) ? TT_OK : TT_ENUMERIC;
}

int tt_exact_partial(const tt_model *m, int sum, double t, double out[4], char *msg)
{
    const tt_dist *X = &m->error, *V = &m->utility;
    tt_tail_info tx, tv;
    tt_dist_tail(X, &tx);
    tt_dist_tail(V, &tv);
    int st = TT_OK;
    if (!sum) {
        out[0] = tt_dist_Q(X, t);
        out[3] = tt_dist_tail_mean(X, t);
        st = isfinite(out[3]) ? TT_OK : TT_ENUMERIC;
        out[2] = tv.mean * out[0];
    } else if (!tt_model_has_density(m)) {
        st = !(tx.moments_below > 1) || !(tv.moments_below > 1) ? TT_ENUMERIC : partial_over_data(m, t, out);
    } else if (tt_model_is_normal(m)) {
        double mu = X->loc + V->loc, s = hypot(X->scale, V->scale);
        double z = (t - mu) / s, phi = gsl_ran_ugaussian_pdf(z);
        out[0] = gsl_cdf_ugaussian_Q(z);
        out[2] = V->loc * out[0] + V->scale * V->scale / s * phi;
        out[3] = X->loc * out[0] + X->scale * X->scale / s * phi;
    } else {
        if (!(tx.moments_below > 1) || !(tv.moments_below > 1))
            st = TT_ENUMERIC;
        if (st == TT_OK) st = conv(m, t, 2, &out[0]);
        if (st == TT_OK) st = conv(m, t, 3, &out[2]);
        if (st == TT_OK) st = conv(m, t, 4, &out[3]);
    }
    out[1] = out[2] + out[3];
    if (st != TT_OK)
        snprintf(msg, TT_MSG_LEN, "no finite reference for E[f; Y >= %g] (infinite mean or quadrature failure)", t);
    return st;
}

int tt_sum_moment(const tt_model *m, double u, int of_error, double *out)
{
    return conv(m, u, of_error ? 6 : 5, out);
}
