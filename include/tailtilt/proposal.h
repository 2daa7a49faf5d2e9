/* proposal.h: importance-sampling proposals for rare events: a mixture over
 * the ways U = X + V can pass a level t (the base law, X completing the
 * exceedance from wherever V is, V completing it from wherever X is, a joint
 * exponential tilt for normal laws), each sample weighted by the balance
 * heuristic: f / (sum_k alpha_k g_k), with the density of the whole mixture. */
#ifndef TAILTILT_PROPOSAL_H
#define TAILTILT_PROPOSAL_H

#include "density.h"
#include "draw.h"

/* none: plain sampling; tilt: base and joint tilt; tail: base and the error's
 * tail; mixture: every component the laws allow, shares from the mass each
 * way carries; conditional: one coordinate integrated exactly (a pass of its
 * own, host/backends/cpu/conditional.c). auto is a request, resolved per point. */
typedef enum {
    TT_PROPOSAL_NONE = 0, TT_PROPOSAL_TILT, TT_PROPOSAL_TAIL, TT_PROPOSAL_MIXTURE, TT_PROPOSAL_CONDITIONAL
} tt_proposal_kind;

/* A law's tail above a level a, the component that lets one coordinate
 * complete an exceedance: exponential with rate lambda(a) for a law whose
 * hazard does not fall (light tails), Pareto II (Lomax) with a fixed index
 * and a scale growing with a's distance from the centre (heavy tails);
 * nothing below `floor` (an empirical law's fitted tail starts there). */
typedef enum { TT_TAIL_NONE = 0, TT_TAIL_EXP, TT_TAIL_LOMAX } tt_tail_shape;

typedef struct {
    int shape;
    double index;        /* lomax: the tail index (at most the law's) */
    double scale;        /* lomax: the smallest scale; exp: the largest 1/lambda */
    double center;       /* the law's median */
    double sd;           /* exp: lambda = max(a - mean, sd) / sd^2 ... */
    double mean;
    double rate;         /* exp: a fixed lambda (a law with a finite MGF radius), else 0 */
    double floor;
} tt_tail_prop;

/* The level where the component starts for a requested level a. */
TT_FUNCTION double tt_tail_level(const tt_tail_prop *h, double a)
{
    return a > h->floor ? a : h->floor;
}

TT_FUNCTION double tt_tail_lomax_scale(const tt_tail_prop *h, double a)
{
    double s = fabs(a - h->center) / h->index;
    return s > h->scale ? s : h->scale;
}

TT_FUNCTION double tt_tail_exp_rate(const tt_tail_prop *h, double a)
{
    if (h->rate > 0)
        return h->rate;
    double z = (a - h->mean) / h->sd;
    return (z > 1.0 ? z : 1.0) / h->sd; /* the normal hazard at a is at least z / sd */
}

/* A draw of the tail above level a from a uniform on (0, 1] (q, exact near 0). */
TT_FUNCTION double tt_tail_draw(const tt_tail_prop *h, double a, tt_u01 u)
{
    a = tt_tail_level(h, a);
    if (h->shape == TT_TAIL_LOMAX)
        return a + tt_tail_lomax_scale(h, a) * tt_expm1(-tt_log(u.q) / h->index);
    return a - tt_log(u.q) / tt_tail_exp_rate(h, a);
}

/* log h(y) of the tail above level a; -inf below its level. */
TT_FUNCTION double tt_tail_logpdf(const tt_tail_prop *h, double a, double y)
{
    a = tt_tail_level(h, a);
    if (!(y >= a))
        return -INFINITY;
    if (h->shape == TT_TAIL_LOMAX) {
        double s = tt_tail_lomax_scale(h, a);
        return tt_log(h->index / s) - (h->index + 1) * tt_log(1.0 + (y - a) / s);
    }
    double lambda = tt_tail_exp_rate(h, a);
    return tt_log(lambda) - lambda * (y - a);
}

/* The components' shares and parameters. Levels: X completes an exceedance
 * of t from wherever V is (level t - v; t alone when y_is_error: the
 * threshold is on X), and V from wherever X is (level t - x). The shared
 * component is for two exponential-type tails, where both coordinates are
 * moderately large: the one that leads less often is drawn from an
 * exponential tail above its median (at the difference of the two rates,
 * the decay of its law given U >= t), and the other completes. */
typedef struct {
    int kind;                        /* tt_proposal_kind */
    double t;                        /* the level of the exceedance */
    int y_is_error;                  /* the exceedance is of X alone */
    double alpha_base, alpha_x, alpha_v, alpha_tilt, alpha_share;   /* sum 1 */
    tt_tail_prop tail_x, tail_v;
    int share_v_first;               /* shared: V drawn first (X completes), or X first */
    tt_tail_prop tail_share;         /* shared: the first coordinate's tail above its median */
    double theta, mean, var;         /* tilt: (X, V) tilted by exp(theta (X + V)) (normal laws) */
    int joint;                       /* tilt: of X + V (1) or of X alone (0) */
    double shift_x, shift_v;
} tt_proposal;

/* The ratio g/f of the whole mixture to the base law at (x, v): the weight is
 * its inverse. A component whose density is zero at (x, v) adds nothing. */
TT_FUNCTION double tt_proposal_ratio(const tt_proposal *p, const tt_model *m, double x, double v)
{
    double r = p->alpha_base;
    if (p->alpha_x > 0) {
        double a = p->y_is_error ? p->t : p->t - v, lh = tt_tail_logpdf(&p->tail_x, a, x);
        r += lh > -INFINITY ? p->alpha_x * tt_exp(lh - tt_dist_logpdf(&m->error, x)) : 0.0;
    }
    if (p->alpha_v > 0) {
        double lh = tt_tail_logpdf(&p->tail_v, p->t - x, v);
        r += lh > -INFINITY ? p->alpha_v * tt_exp(lh - tt_dist_logpdf(&m->utility, v)) : 0.0;
    }
    if (p->alpha_tilt > 0) {
        double y = p->joint ? x + v : x;
        r += p->alpha_tilt * tt_exp(p->theta * (y - p->mean) - 0.5 * p->theta * p->theta * p->var);
    }
    if (p->alpha_share > 0) {
        double first = p->share_v_first ? v : x, second = p->share_v_first ? x : v;
        const tt_dist *f1 = p->share_v_first ? &m->utility : &m->error, *f2 = p->share_v_first ? &m->error : &m->utility;
        double l1 = tt_tail_logpdf(&p->tail_share, p->tail_share.center, first);
        double l2 = tt_tail_logpdf(p->share_v_first ? &p->tail_x : &p->tail_v, p->t - first, second);
        r += l1 > -INFINITY && l2 > -INFINITY
                 ? p->alpha_share * tt_exp(l1 + l2 - tt_dist_logpdf(f1, first) - tt_dist_logpdf(f2, second))
                 : 0.0;
    }
    return r;
}

/* From the base outcome o (drawn with the model's own uniforms), a uniform
 * `pick` for the component and a uniform `tail_u` for its draw: the
 * proposal's outcome, and its weight f/g. */
TT_FUNCTION tt_outcome tt_proposal_draw(const tt_proposal *p, const tt_model *m, tt_outcome o, tt_u01 pick,
                                        tt_u01 tail_u, double *weight)
{
    if (p->kind == TT_PROPOSAL_NONE) {
        *weight = 1.0;
        return o;
    }
    double c = pick.p, x = o.x, v = o.v;
    double cx = p->alpha_base + p->alpha_x, cv = cx + p->alpha_v, ct = cv + p->alpha_tilt;
    if (c > p->alpha_base && c <= cx)
        x = tt_tail_draw(&p->tail_x, p->y_is_error ? p->t : p->t - v, tail_u);
    else if (c > cx && c <= cv)
        v = tt_tail_draw(&p->tail_v, p->t - x, tail_u);
    else if (c > cv && c <= ct) {
        x += p->shift_x;
        v += p->shift_v;
    } else if (c > ct) {
        /* the pick's place within the component's share is a uniform of its own */
        tt_u01 again = tt_u01_from_p((c - ct) / p->alpha_share);
        double first = tt_tail_draw(&p->tail_share, p->tail_share.center, again);
        if (p->share_v_first) {
            v = first;
            x = tt_tail_draw(&p->tail_x, p->t - v, tail_u);
        } else {
            x = first;
            v = tt_tail_draw(&p->tail_v, p->t - x, tail_u);
        }
    }
    double r = tt_proposal_ratio(p, m, x, v);
    *weight = r > 0 && r < INFINITY ? 1.0 / r : 0.0;
    o.x = x;
    o.v = v;
    return o;
}

#endif
