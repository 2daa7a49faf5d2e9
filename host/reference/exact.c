/* exact.c: the reference value of each method's record (`tailtilt exact`),
 * closed forms for independent normals and quadrature otherwise. */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include "reference/exact.h"
#include "laws/law.h"
#include "core/record.h"
#include "reference/quadrature.h"

/* ---- tilt: exp(s(X+V)) factorises, so X and V tilt independently ---- */

typedef struct { const tt_dist *d; double s, shift; int power; double twice; } mgf_params;

static double mgf_integrand(double y, void *vp)
{
    const mgf_params *p = vp;
    double f = tt_dist_pdf(p->d, y);
    if (f == 0)
        return 0;
    double w = exp(p->twice * p->s * (y - p->shift));
    return (p->power ? y : 1.0) * w * f;
}

/* log E[exp(k s Y)] and E_tilted[Y] (k = 1), or only the former (k = 2). */
static int tilt_law(const tt_dist *d, double s, double k, double *logm, double *mean)
{
    tt_tail_info ti;
    tt_dist_tail(d, &ti);
    if (!(k * s < ti.mgf_radius))
        return TT_EUNSUP;
    const tt_law *law = tt_law_get(d->kind);
    if (law->log_mgf) /* a closed form */
        return law->log_mgf(d, k * s, logm, mean);
    double br[8];
    int n = tt_dist_breaks(d, br);
    mgf_params p = {d, s, ti.mean, 0, k};
    double m0, m1;
    int st = tt_integrate(mgf_integrand, &p, ti.lo, ti.hi, br, n, &m0);
    if (st != TT_OK || !(m0 > 0))
        return TT_ENUMERIC;
    *logm = log(m0) + k * s * ti.mean;
    if (mean) {
        p.power = 1;
        st = tt_integrate(mgf_integrand, &p, ti.lo, ti.hi, br, n, &m1);
        *mean = m1 / m0;
    }
    return st;
}

/* Tilting and best-of-N integrate densities: a law of resampled data has none. */
static int need_densities(const tt_job *job, const char *what, char *msg)
{
    if (tt_model_has_density(&job->model))
        return TT_OK;
    snprintf(msg, TT_MSG_LEN, "empirical laws have no density, so no quadrature reference for %s", what);
    return TT_EUNSUP;
}

int tt_exact_tilt(const tt_job *job, double beta, tt_record *r, char *msg)
{
    if (need_densities(job, "tilting", msg) != TT_OK)
        return TT_EUNSUP;
    double s = 1.0 / beta, lx, lv, ex, ev;
    tt_record_tails(r, job);
    int sx = tilt_law(&job->model.error, s, 1, &lx, &ex);
    int sv = tilt_law(&job->model.utility, s, 1, &lv, &ev);
    if (sx == TT_EUNSUP || sv == TT_EUNSUP) {
        r->regime = "heavy";
        tt_record_unreliable(r, "E[exp(U/beta)] is infinite: the tilted policy does not exist");
        return TT_OK;
    }
    r->regime = "light";
    if (sx != TT_OK || sv != TT_OK) {
        snprintf(msg, TT_MSG_LEN, "tilt reference: quadrature did not converge at beta = %g", beta);
        return TT_ENUMERIC;
    }
    r->logZ = lx + lv;
    r->E_X = ex;
    r->E_V = ev;
    r->E_U = ex + ev;
    r->KL = r->E_U / beta - r->logZ;
    double l2x, l2v;
    if (tilt_law(&job->model.error, s, 2, &l2x, NULL) == TT_OK &&
        tilt_law(&job->model.utility, s, 2, &l2v, NULL) == TT_OK)
        r->ess = (double)job->samples * exp(2 * r->logZ - (l2x + l2v));
    return TT_OK;
}

/* ---- threshold ---- */

/* Two normal laws: U is normal; E[f | U >= t] through the hazard phi/Q and
 * KL = -log Q in logs, so that they stay exact where Q underflows. */
static void threshold_normal(const tt_model *m, double t, tt_record *r)
{
    const tt_dist *X = &m->error, *V = &m->utility;
    double s = hypot(X->scale, V->scale), z = (t - X->loc - V->loc) / s, lambda = gsl_sf_hazard(z);
    double logq = gsl_sf_log_erfc(z / M_SQRT2) - M_LN2;
    r->P = exp(logq);
    r->KL = -logq;
    r->E_X = X->loc + X->scale * X->scale / s * lambda;
    r->E_V = V->loc + V->scale * V->scale / s * lambda;
    r->E_U = r->E_X + r->E_V;
}

int tt_exact_threshold(const tt_job *job, double t, tt_record *r, char *msg)
{
    double a[4];
    tt_record_tails(r, job);
    if (tt_model_is_normal(&job->model)) {
        threshold_normal(&job->model, t, r);
        return TT_OK;
    }
    int st = tt_exact_partial(&job->model, 1, t, a, msg);
    if (st != TT_OK)
        return st;
    r->P = a[0];
    r->KL = -log(a[0]);
    r->E_U = a[1] / a[0];
    r->E_V = a[2] / a[0];
    r->E_X = a[3] / a[0];
    return TT_OK;
}

/* ---- best-of-N: density of U* is N F^(N-1) f; E[V*] and E[X*] each from
 * its own E[.; U in du] (E[X*] as E[U*] - E[V*] loses a small E[X*] to the
 * cancellation of two large numbers when V is heavy-tailed) ---- */

typedef struct { const tt_model *m; double n; int of_error; int fail; } bon_params;

static double bon_integrand(double u, void *vp)
{
    bon_params *p = vp;
    const tt_model *m = p->m;
    double P = NAN, Q, g;
    /* log F(u) from whichever tail is small (the other is not computed: far
     * out it is the difference of numbers near 1) */
    if (tt_sum_cdf(m, u, 0, &Q) != TT_OK || (Q > 0.5 && tt_sum_cdf(m, u, 1, &P) != TT_OK)) {
        p->fail = 1;
        return 0;
    }
    double logF = Q > 0.5 ? log(P) : log1p(-Q);
    if (Q > 0.5 && !(P > 0))
        return 0;
    double wN = p->n * exp((p->n - 1) * logF);
    if (wN == 0)
        return 0;
    if (tt_model_is_normal(m)) { /* E[X | U = u] and E[V | U = u] are linear */
        const tt_dist *Y = p->of_error ? &m->error : &m->utility;
        double mu = m->error.loc + m->utility.loc;
        double s2 = m->error.scale * m->error.scale + m->utility.scale * m->utility.scale;
        if (tt_sum_pdf(m, u, &g) != TT_OK) { p->fail = 1; return 0; }
        g *= Y->loc + Y->scale * Y->scale / s2 * (u - mu);
    } else if (tt_sum_moment(m, u, p->of_error, &g) != TT_OK) {
        p->fail = 1;
        return 0;
    }
    return wN * g;
}

/* u with P(U > u) = q, by bisection (bracketed by expanding steps). */
double tt_sum_upper_quantile(const tt_model *m, double q)
{
    double lo = -1, hi = 1, v;
    for (int i = 0; i < 200; ++i) {
        if (tt_sum_cdf(m, hi, 0, &v) != TT_OK) return NAN;
        if (v <= q) break;
        lo = hi;
        hi *= 2;
    }
    for (int i = 0; i < 200; ++i) {
        if (tt_sum_cdf(m, lo, 0, &v) != TT_OK) return NAN;
        if (v >= q) break;
        hi = lo;
        lo *= 2;
    }
    for (int i = 0; i < 80 && hi - lo > 1e-9 * (1 + fabs(lo)); ++i) {
        double mid = 0.5 * (lo + hi);
        if (tt_sum_cdf(m, mid, 0, &v) != TT_OK) return NAN;
        if (v > q) lo = mid; else hi = mid;
    }
    return 0.5 * (lo + hi);
}

int tt_exact_bon(const tt_job *job, double n, tt_record *r, char *msg)
{
    if (need_densities(job, "best-of-N", msg) != TT_OK)
        return TT_EUNSUP;
    const tt_model *m = &job->model;
    r->KL = log(n) - (n - 1) / n;
    tt_record_tails(r, job);
    tt_tail_info tx, tv;
    tt_dist_tail(&m->error, &tx);
    tt_dist_tail(&m->utility, &tv);
    if (!(tx.moments_below > 1) || !(tv.moments_below > 1)) {
        snprintf(msg, TT_MSG_LEN, "best-of-N reference needs finite means of X and V");
        return TT_ENUMERIC;
    }
    double br[8];
    int nb = 0;
    double qs[] = {0.5, 0.9, 1.0 / n, 0.1 / n, 10.0 / n, 0.01 / n};
    for (int i = 0; i < 6; ++i)
        if (qs[i] < 1) br[nb++] = tt_sum_upper_quantile(m, qs[i]);
    bon_params p = {m, n, 1, 0};
    double ex, ev;
    int st = tt_integrate(bon_integrand, &p, tx.lo + tv.lo, tx.hi + tv.hi, br, nb, &ex);
    p.of_error = 0;
    if (st == TT_OK)
        st = tt_integrate(bon_integrand, &p, tx.lo + tv.lo, tx.hi + tv.hi, br, nb, &ev);
    if (st != TT_OK || p.fail) {
        snprintf(msg, TT_MSG_LEN, "best-of-N reference: quadrature did not converge at N = %g", n);
        return TT_ENUMERIC;
    }
    r->E_X = ex;
    r->E_V = ev;
    r->E_U = ex + ev;
    return TT_OK;
}

/* ---- construct: P = (1-p) Q(. | Y < t) + p Q(. | Y >= t) ---- */

int tt_exact_construct(const tt_job *job, double t, tt_record *r, char *msg)
{
    const tt_model *m = &job->model;
    tt_record_tails(r, job);
    double p = job->c * pow(t, -job->a), a[4];
    r->P = p;
    int st = tt_exact_partial(m, job->q_is_sum, t, a, msg);
    if (st != TT_OK)
        return st;
    double qbar = a[0];
    if (!(qbar > 0 && qbar < 1)) {
        tt_record_unreliable(r, "Q(Y >= t) is 0 or 1: no construction at this t");
        return TT_OK;
    }
    tt_tail_info tx, tv;
    tt_dist_tail(&m->error, &tx);
    tt_dist_tail(&m->utility, &tv);
    double wlo = (1 - p) / (1 - qbar), whi = p / qbar;
    double mean[4] = {1, tx.mean + tv.mean, tv.mean, tx.mean};
    double *outs[4] = {NULL, &r->E_U, &r->E_V, &r->E_X};
    for (int k = 1; k < 4; ++k)
        *outs[k] = wlo * (mean[k] - a[k]) + whi * a[k];
    r->KL = (p < 1 ? (1 - p) * log(wlo) : 0.0) + p * log(whi);
    return TT_OK;
}
