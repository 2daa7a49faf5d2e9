/* proposals.c: choosing a point's proposal: the components the laws allow
 * (each coordinate's tail, a joint tilt for normal laws, the base law as a
 * defensive 10%), shared out by the probability each way of passing the
 * level carries, so that no way U >= t can happen is left unsampled. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "laws/law.h"
#include "methods/proposals.h"
#include "reference/exact.h"

#define DEFENSIVE 0.1    /* the base law's share of every proposal */
#define NEGLIGIBLE 1e-3  /* a way carrying less of P(U >= t) needs no component of its own */
#define LEAST 0.1        /* a way carrying more gets at least this share (before renormalising) */

/* The normal tilt: (X, V) tilted by exp(theta Y) so that E[Y] = t. */
static void set_tilt(tt_proposal *p, const tt_model *m, int y_is_error, double t)
{
    const tt_dist *X = &m->error, *V = &m->utility;
    double vx = X->scale * X->scale, vv = y_is_error ? 0.0 : V->scale * V->scale;
    p->joint = !y_is_error;
    p->mean = X->loc + (y_is_error ? 0.0 : V->loc);
    p->var = vx + vv;
    p->theta = (t - p->mean) / p->var;
    p->shift_x = p->theta * vx;
    p->shift_v = p->theta * vv;
}

/* The shared component, for two exponential-type tails (finite MGF radii
 * r_x, r_v): given U >= t the coordinate with the larger rate decays at the
 * difference of the rates from its median (at least 1/t's worth, where the
 * rates are equal and the exceedance is shared evenly); it is drawn there and
 * the other completes. 0 where the tails are not both exponential-type. */
static int set_share(tt_proposal *p, const tt_model *m, int y_is_error, double t)
{
    tt_tail_info tx, tv;
    tt_dist_tail(&m->error, &tx);
    tt_dist_tail(&m->utility, &tv);
    if (y_is_error || !(tx.mgf_radius > 0 && isfinite(tx.mgf_radius) && tv.mgf_radius > 0 &&
                        isfinite(tv.mgf_radius)) || p->tail_x.shape == TT_TAIL_NONE || p->tail_v.shape == TT_TAIL_NONE)
        return 0;
    p->share_v_first = tv.mgf_radius >= tx.mgf_radius;
    const tt_tail_prop *first = p->share_v_first ? &p->tail_v : &p->tail_x;
    double span = t - p->tail_x.center - p->tail_v.center;
    p->tail_share = *first;
    p->tail_share.shape = TT_TAIL_EXP;
    p->tail_share.floor = -INFINITY;
    p->tail_share.rate = fmax(fabs(tv.mgf_radius - tx.mgf_radius), 1.0 / fmax(span, 1.0));
    return 1;
}

/* The shares of the X and V components, from the ways' masses: a way that
 * carries more than NEGLIGIBLE of the total gets at least LEAST. */
static void share(double x_lead, double v_lead, int has_x, int has_v, double total, double *ax, double *av)
{
    double rx = isfinite(x_lead) && isfinite(v_lead) && x_lead + v_lead > 0 ? x_lead / (x_lead + v_lead) : 0.5;
    double rv = 1 - rx;
    rx = has_x && rx > NEGLIGIBLE ? fmax(rx, LEAST) : 0.0;
    rv = has_v && rv > NEGLIGIBLE ? fmax(rv, LEAST) : 0.0;
    if (rx + rv == 0) { /* neither way stands out: what the laws allow, evenly */
        rx = has_x;
        rv = has_v;
    }
    *ax = rx + rv > 0 ? total * rx / (rx + rv) : 0.0;
    *av = rx + rv > 0 ? total * rv / (rx + rv) : 0.0;
}

/* auto: plain sampling where P(y >= t) > 1e-2; conditional Monte Carlo
 * where one heavy-tailed coordinate with a finite mean carries at least 90%
 * of it (integrated exactly, its noise is gone: it dominates the records);
 * the mixture elsewhere. */
static int auto_kind(const tt_model *m, const tt_lead_mass *lm, int y_is_error)
{
    double total = lm->x_lead + lm->v_lead;
    if (!isfinite(total))
        return TT_PROPOSAL_MIXTURE;
    if (total > 1e-2)
        return TT_PROPOSAL_NONE;
    int x_leads = lm->x_lead >= 0.9 * total, v_leads = !y_is_error && lm->v_lead >= 0.9 * total;
    const tt_dist *lead = x_leads ? &m->error : v_leads ? &m->utility : NULL;
    if (!lead)
        return TT_PROPOSAL_MIXTURE;
    tt_tail_info ti;
    tt_dist_tail(lead, &ti);
    int has_tail = tt_law_get(lead->kind)->density || lead->ntail;
    return ti.heavy && ti.moments_below > 1 && has_tail ? TT_PROPOSAL_CONDITIONAL : TT_PROPOSAL_MIXTURE;
}

int tt_proposal_choose(const tt_job *job, double t, int y_is_error, int requested, tt_proposal *p,
                       tt_lead_mass *mass, char *msg)
{
    const tt_model *m = &job->model;
    memset(p, 0, sizeof *p);
    p->t = t;
    p->y_is_error = y_is_error;
    tt_dist_tail_proposal(&m->error, &p->tail_x);
    tt_dist_tail_proposal(&m->utility, &p->tail_v);
    tt_lead_mass lm = {NAN, NAN};
    char why[TT_MSG_LEN];
    if (tt_region_masses(m, t, y_is_error, &lm.x_lead, &lm.v_lead, why) != TT_OK)
        lm.x_lead = lm.v_lead = NAN;
    if (mass)
        *mass = lm;
    int has_x = p->tail_x.shape != TT_TAIL_NONE, has_v = !y_is_error && p->tail_v.shape != TT_TAIL_NONE;
    int normal = m->error.kind == TT_NORMAL && (y_is_error || m->utility.kind == TT_NORMAL);
    int kind = requested;
    if (kind == TT_PROPOSAL_AUTO)
        kind = auto_kind(m, &lm, y_is_error);
    if (kind == TT_PROPOSAL_TILT && !normal) {
        snprintf(msg, TT_MSG_LEN, "--proposal tilt needs a normal error%s (use mixture or auto)",
                 y_is_error ? "" : " and a normal utility");
        return TT_EINVAL;
    }
    if ((kind == TT_PROPOSAL_TAIL || kind == TT_PROPOSAL_MIXTURE || kind == TT_PROPOSAL_CONDITIONAL) &&
        !has_x && !has_v) {
        snprintf(msg, TT_MSG_LEN, "--proposal %s needs a law with a density or a fitted tail (tail=gpd)",
                 tt_proposal_name(kind));
        return TT_EINVAL;
    }
    if (kind == TT_PROPOSAL_TAIL && !has_x) {
        snprintf(msg, TT_MSG_LEN, "--proposal tail needs an error with a density or a fitted tail (tail=gpd)");
        return TT_EINVAL;
    }
    p->kind = kind;
    p->alpha_base = kind == TT_PROPOSAL_NONE ? 1.0 : DEFENSIVE;
    if (kind == TT_PROPOSAL_TILT) {
        set_tilt(p, m, y_is_error, t);
        p->alpha_tilt = 1 - DEFENSIVE;
    } else if (kind == TT_PROPOSAL_TAIL) {
        p->alpha_x = 1 - DEFENSIVE;
    } else if (kind == TT_PROPOSAL_MIXTURE) {
        double rest = 1 - DEFENSIVE;
        if (normal) { /* the tilt is the best single proposal for normal laws: the tails keep their least */
            set_tilt(p, m, y_is_error, t);
            p->alpha_tilt = rest - LEAST * (has_x + has_v);
            rest -= p->alpha_tilt;
        }
        if (!normal && set_share(p, m, y_is_error, t)) {
            p->alpha_share = rest / 2;
            rest -= p->alpha_share;
        }
        share(lm.x_lead, lm.v_lead, has_x, has_v, rest, &p->alpha_x, &p->alpha_v);
        p->alpha_base = 1 - p->alpha_x - p->alpha_v - p->alpha_tilt - p->alpha_share;
    }
    return TT_OK;
}

const char *tt_proposal_blind_spot(const tt_proposal *p, const tt_lead_mass *mass)
{
    static char why[200];
    double total = mass->x_lead + mass->v_lead;
    if (!(total > 0) || p->kind == TT_PROPOSAL_NONE || p->kind == TT_PROPOSAL_CONDITIONAL || p->alpha_tilt > 0)
        return NULL;
    const char *who = NULL;
    double share = 0;
    if (p->alpha_v == 0 && mass->v_lead > NEGLIGIBLE * total) {
        who = "the utility";
        share = mass->v_lead / total;
    } else if (p->alpha_x == 0 && mass->x_lead > NEGLIGIBLE * total) {
        who = "the error";
        share = mass->x_lead / total;
    }
    if (!who)
        return NULL;
    snprintf(why, sizeof why, "the %s proposal does not reach the way %s leads to U >= t, which carries %.2g%% of "
             "P(U >= t) (use --proposal auto)", tt_proposal_name(p->kind), who, 100 * share);
    return why;
}

int tt_conditional_setup(const tt_job *job, double t, int y_is_error, const tt_lead_mass *mass,
                         tt_conditional_work *w, char *msg)
{
    const tt_model *m = &job->model;
    memset(w, 0, sizeof *w);
    w->t = t;
    w->y_is_error = y_is_error;
    tt_tail_info tx, tv;
    tt_dist_tail(&m->error, &tx);
    tt_dist_tail(&m->utility, &tv);
    int x_mean = tx.moments_below > 1, v_mean = tv.moments_below > 1;
    int x_has = tt_law_get(m->error.kind)->density || m->error.ntail;
    int v_has = tt_law_get(m->utility.kind)->density || m->utility.ntail;
    /* integrate the leading coordinate, where its mean is finite */
    int integrate_x = y_is_error || !(isfinite(mass->v_lead) && mass->v_lead > mass->x_lead);
    if (!y_is_error && (integrate_x ? !x_mean && v_mean : !v_mean && x_mean))
        integrate_x = !integrate_x;
    w->integrate_x = integrate_x;
    const tt_dist *Y = integrate_x ? &m->error : &m->utility, *Z = integrate_x ? &m->utility : &m->error;
    if (!(integrate_x ? x_has : v_has)) {
        snprintf(msg, TT_MSG_LEN, "--proposal conditional needs laws with a density or a fitted tail (tail=gpd)");
        return TT_EINVAL;
    }
    /* the sampled coordinate: its law, and its tail from where Y's upper
     * tail (at 1/2, 1e-3, 1e-6) leaves it to complete the exceedance: even
     * where z never leads, a light z whose law is sampled alone can give
     * the terms P(Y >= t - z) an infinite variance */
    tt_tail_prop tail;
    tt_dist_tail_proposal(Z, &tail);
    int ladder = !y_is_error && tail.shape != TT_TAIL_NONE;
    static const double upper[TT_COND_LEVELS] = {0.5, 1e-3, 1e-6};
    w->nlevels = ladder ? TT_COND_LEVELS : 0;
    w->alpha_base = ladder ? 0.4 : 1.0;
    for (int k = 0; k < w->nlevels; ++k) {
        w->tail[k] = tail;
        w->levels[k] = t - tt_dist_quantile(Y, 1 - upper[k]);
    }
    /* two exponential-type tails: z given U >= t decays from its median at
     * the difference of the rates (the mixture's shared component) */
    tt_proposal mix = {0};
    tt_dist_tail_proposal(&m->error, &mix.tail_x);
    tt_dist_tail_proposal(&m->utility, &mix.tail_v);
    if (ladder && set_share(&mix, m, y_is_error, t) && mix.share_v_first == integrate_x) {
        w->tail[0] = mix.tail_share;
        w->levels[0] = mix.tail_share.center;
    }
    w->c_lead = tt_dist_quantile(&m->error, 0.5) - tt_dist_quantile(&m->utility, 0.5);
    return TT_OK;
}
