/* expect.c: E[g(Y)] of any law by one-dimensional quadrature: over its
 * density between breakpoints, or for resampled data over its atoms and the
 * density of its fitted tail. */
#include <math.h>
#include "laws/empirical.h"
#include "laws/law.h"
#include "reference/exact.h"
#include "reference/quadrature.h"

typedef struct {
    const tt_dist *d;
    tt_integrand g;
    void *params;
    int tail_only; /* data: the fitted tail's density */
} weighted;

static double integrand(double y, void *vp)
{
    const weighted *w = vp;
    double f = w->tail_only ? tt_empirical_tail_pdf(w->d, y) : tt_dist_pdf(w->d, y);
    return f > 0 ? w->g(y, w->params) * f : 0.0;
}

int tt_dist_expect(const tt_dist *d, tt_integrand g, void *params, const double *breaks, int nbreaks, double *out)
{
    double br[40];
    int n = tt_dist_breaks(d, br);
    for (int i = 0; i < nbreaks && n < 40; ++i)
        br[n++] = breaks[i];
    tt_tail_info ti;
    tt_dist_tail(d, &ti);
    weighted w = {d, g, params, 0};
    if (tt_law_get(d->kind)->density)
        return tt_integrate(integrand, &w, ti.lo, ti.hi, br, n, out);
    /* data: each body value has mass 1/n; the fitted tail has a density */
    double body = 0, tail = 0;
    uint64_t nb = d->ndata - d->ntail;
    for (uint64_t i = 0; i < nb; ++i)
        body += g(d->loc + d->scale * d->data[i], params);
    body /= (double)d->ndata;
    int st = TT_OK;
    if (d->ntail) {
        w.tail_only = 1;
        st = tt_integrate(integrand, &w, d->loc + d->scale * d->tail_u, INFINITY, br, n, &tail);
    }
    *out = body + tail;
    return st;
}
