/* regions.c: the two ways U = X + V passes a level t, by which coordinate
 * leads (X further above its median than V above its, or V), each way's
 * probability by one-dimensional quadrature over the other law: the masses
 * that share out a mixture proposal and check what it sampled. */
#include <math.h>
#include <stdio.h>
#include "reference/exact.h"

typedef struct {
    const tt_dist *lead;   /* the coordinate that leads */
    double t, c;           /* the level; the lead's median minus the other's */
} lead_params;

/* P(lead >= max(t - y, y + c)) given the other coordinate y. */
static double leads(double y, void *vp)
{
    const lead_params *p = vp;
    double a = p->t - y, b = y + p->c;
    return tt_dist_Q(p->lead, a > b ? a : b);
}

int tt_region_masses(const tt_model *m, double t, int y_is_error, double *p_x, double *p_v, char *msg)
{
    const tt_dist *X = &m->error, *V = &m->utility;
    if (y_is_error) {
        *p_x = tt_dist_Q(X, t);
        *p_v = 0.0;
        return TT_OK;
    }
    double mx = tt_dist_quantile(X, 0.5), mv = tt_dist_quantile(V, 0.5);
    double bx[6] = {(t - (mx - mv)) / 2, t - mx, t - tt_dist_quantile(X, 0.99), t - tt_dist_quantile(X, 0.01)};
    double bv[6] = {(t + (mx - mv)) / 2, t - mv, t - tt_dist_quantile(V, 0.99), t - tt_dist_quantile(V, 0.01)};
    lead_params px = {X, t, mx - mv}, pv = {V, t, mv - mx};
    int st = tt_dist_expect(V, leads, &px, bx, 4, p_x);
    if (st == TT_OK)
        st = tt_dist_expect(X, leads, &pv, bv, 4, p_v);
    if (st != TT_OK)
        snprintf(msg, TT_MSG_LEN, "quadrature for the masses of P(U >= %g) did not converge", t);
    return st;
}
