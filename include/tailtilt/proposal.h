/* proposal.h: importance-sampling proposals for rare events, as a defensive
 * mixture g = alpha f + (1 - alpha) h with the base law f, so that every
 * weight f/g is at most 1/alpha. One function maps a base outcome and two
 * extra uniforms to the proposal's outcome and its weight. */
#ifndef TAILTILT_PROPOSAL_H
#define TAILTILT_PROPOSAL_H

#include "density.h"
#include "draw.h"

typedef enum { TT_PROPOSAL_NONE = 0, TT_PROPOSAL_TILT, TT_PROPOSAL_TAIL } tt_proposal_kind;

/* tilt: (X, V) tilted by exp(theta (X + V)); for normal laws a shift of each
 *   mean by theta times its variance (shift_x, shift_v), with
 *   h/f = exp(theta (x + v - mean) - theta^2 var / 2) (only X when tilt_v = 0).
 * tail: X drawn above the level a from a shifted Pareto (Lomax) tail
 *   h(x) = index/s (1 + (x - a)/s)^(-index - 1), V from its own law. */
typedef struct {
    int kind;
    double alpha;                   /* the base law's share of the mixture */
    double theta, mean, var;        /* tilt */
    int joint;                      /* tilt: of X + V (1) or of X alone (0) */
    double shift_x, shift_v;
    double level, tail_scale, index; /* tail */
} tt_proposal;

/* From the base outcome o (drawn with the model's own uniforms), an indicator
 * uniform `pick` and a uniform `tail_u`: the proposal's outcome and its weight
 * f/g. The base outcome is kept with probability alpha. */
TT_FUNCTION tt_outcome tt_proposal_draw(const tt_proposal *p, const tt_model *m, tt_outcome o, tt_u01 pick,
                                        tt_u01 tail_u, double *weight)
{
    int from_h = pick.p > p->alpha;
    double ratio; /* h/f at the outcome, whichever component drew it */
    if (p->kind == TT_PROPOSAL_TILT) {
        o.x += from_h ? p->shift_x : 0.0;
        o.v += from_h ? p->shift_v : 0.0;
        double y = p->joint ? o.x + o.v : o.x;
        ratio = tt_exp(p->theta * (y - p->mean) - 0.5 * p->theta * p->theta * p->var);
    } else if (p->kind == TT_PROPOSAL_TAIL) {
        double s = p->tail_scale;
        double xt = p->level + s * tt_expm1(-tt_log(tail_u.q) / p->index);
        o.x = from_h ? xt : o.x;
        double above = o.x > p->level ? o.x : p->level; /* keep the logs finite */
        double logh = tt_log(p->index / s) - (p->index + 1) * tt_log(1.0 + (above - p->level) / s);
        double logf = tt_dist_logpdf(&m->error, above);
        ratio = o.x > p->level ? tt_exp(logh - logf) : 0.0;
    } else {
        ratio = 1.0;
    }
    *weight = p->kind == TT_PROPOSAL_NONE ? 1.0 : 1.0 / (p->alpha + (1.0 - p->alpha) * ratio);
    return o;
}

#endif
