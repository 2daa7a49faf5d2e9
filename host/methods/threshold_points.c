/* threshold_points.c: the points of threshold and construct: one exceedance
 * pass for the grid, or far in the tail one importance-sampled pass per t from
 * a proposal chosen per point (tilted normals, or a Pareto tail for the error
 * above a level), defensive so weights stay bounded. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/record.h"
#include "core/stream.h"
#include "core/util.h"
#include "laws/law.h"
#include "methods/threshold_points.h"
#include "reference/exact.h"

#define DEFENSIVE 0.1   /* the base law's share of every proposal */

int tt_proposal_choose(const tt_job *job, double t, int y_is_error, int requested, tt_proposal *p, char *msg)
{
    const tt_dist *X = &job->model.error, *V = &job->model.utility;
    memset(p, 0, sizeof *p);
    p->alpha = DEFENSIVE;
    int tilt_ok = X->kind == TT_NORMAL && (y_is_error || V->kind == TT_NORMAL);
    int tail_ok = tt_model_has_density(&job->model);
    int kind = requested;
    if (kind == TT_PROPOSAL_AUTO) {
        double pt;
        char m2[TT_MSG_LEN];
        int known = tt_exact_upper_tail(&job->model, !y_is_error, t, &pt, m2) == TT_OK && isfinite(pt);
        tt_tail_info tx;
        tt_dist_tail(X, &tx);
        if (known && pt > 1e-2) kind = TT_PROPOSAL_NONE;  /* plain sampling is fine */
        else if (tilt_ok) kind = TT_PROPOSAL_TILT;
        else if (tail_ok && tx.heavy) kind = TT_PROPOSAL_TAIL;
        else kind = TT_PROPOSAL_NONE;
    }
    if (kind == TT_PROPOSAL_TILT && !tilt_ok) {
        snprintf(msg, TT_MSG_LEN, "--proposal tilt needs a normal error%s (use tail or auto)",
                 y_is_error ? "" : " and a normal utility");
        return TT_EINVAL;
    }
    if (kind == TT_PROPOSAL_TAIL && !tail_ok) {
        snprintf(msg, TT_MSG_LEN, "--proposal tail needs laws with a density (not empirical)");
        return TT_EINVAL;
    }
    p->kind = kind;
    if (kind == TT_PROPOSAL_TILT) {
        double vx = X->scale * X->scale, vv = y_is_error ? 0.0 : V->scale * V->scale;
        p->joint = !y_is_error;
        p->mean = X->loc + (y_is_error ? 0.0 : V->loc);
        p->var = vx + vv;
        p->theta = (t - p->mean) / p->var; /* the tilted mean of Y is t */
        p->shift_x = p->theta * vx;
        p->shift_v = p->theta * vv;
    } else if (kind == TT_PROPOSAL_TAIL) {
        tt_tail_info tx;
        tt_dist_tail(X, &tx);
        /* X must pass t - V: leave room for all but 1e-4 of V's upper tail */
        p->level = y_is_error ? t : t - tt_dist_quantile(V, 1 - 1e-4);
        p->index = 0.9 * fmin(tx.moments_below, 3.3);
        double med = tt_dist_quantile(X, 0.5);
        p->tail_scale = fmax(X->scale, fabs(p->level - med) / p->index);
    }
    return TT_OK;
}

/* The record of point t: the method's estimates, then the checks every
 * importance-sampled point gets. */
static void finish_point(const tt_job *job, double t, int y_is_error, const tt_proposal *prop, const tt_is_pair *res,
                         double khat, tt_is_estimates estimates, tt_record *r)
{
    const tt_is_part *hi = &res->part[1];
    r->proposal = tt_proposal_name(prop->kind);
    r->exceedances = (int64_t)hi->n;
    r->ess = hi->sw2 > 0 ? hi->sw * hi->sw / hi->sw2 : 0;
    tt_record_tails(r, job);
    estimates(job, t, y_is_error, res, r);
    if (hi->n < 100)
        tt_record_unreliable(r, "fewer than 100 samples at or above t");
    if (r->ess < 100)
        tt_record_unreliable(r, "effective sample size of the weights at or above t below 100");
    tt_khat_judge(r, khat, job->samples);
}

int tt_importance_points(const tt_job *job, const tt_backend *be, tt_pass *base, int y_is_error,
                         tt_is_estimates estimates, tt_record *recs, char *msg)
{
    int diag = !job->no_diagnostics;
    const char *method = tt_method_get(job->method)->name;
    for (int g = 0; g < job->ngrid; ++g) {
        double t = job->grid[g], t0 = tt_now();
        tt_proposal prop;
        int st = tt_proposal_choose(job, t, y_is_error, job->proposal, &prop, msg);
        if (st != TT_OK)
            return st;
        tt_khat_pool pool = {0};
        if (diag && tt_khat_pool_init(&pool, job->samples) != TT_OK)
            return TT_ENOMEM;
        tt_pass p = tt_pass_of(base, tt_stream_importance(job, method, t), job->samples);
        tt_importance_work w = {&prop, t, y_is_error, diag, {{{0}}}, diag ? &pool : NULL};
        st = be->importance(&p, &w, msg);
        /* k-hat only where no full chunk list may have dropped a kept weight */
        double khat = diag && st == TT_OK && tt_khat_pool_exact(&pool) ? tt_khat_of_weights(pool.top, pool.ntop)
                                                                      : NAN;
        tt_khat_pool_free(&pool);
        if (st != TT_OK)
            return st;
        finish_point(job, t, y_is_error, &prop, &w.sums, khat, estimates, &recs[g]);
        st = tt_run_emit(p.run, recs, g, 1, tt_now() - t0, job->samples, msg);
        if (st != TT_OK)
            return st;
    }
    return TT_OK;
}

uint64_t tt_threshold_points_cost(const tt_job *job)
{
    if (job->proposal != TT_PROPOSAL_NONE)
        return job->samples * (uint64_t)job->ngrid; /* one pass per t */
    return job->ngrid ? job->samples : 0;
}

int tt_threshold_points_per_point(const tt_job *job)
{
    return job->proposal != TT_PROPOSAL_NONE;
}

int tt_proposal_check(const tt_job *job, int y_is_error, char *msg)
{
    tt_proposal p;
    if (job->proposal != TT_PROPOSAL_TILT && job->proposal != TT_PROPOSAL_TAIL)
        return TT_OK;
    return tt_proposal_choose(job, job->grid[0], y_is_error, job->proposal, &p, msg);
}

int tt_exceed_points(const tt_job *job, const tt_backend *be, tt_pass *base, int y_is_error, tt_exceed_finish finish,
                     tt_record *recs, char *msg)
{
    tt_sums3 *hi = malloc(sizeof(tt_sums3) * (size_t)job->ngrid);
    if (!hi)
        return TT_ENOMEM;
    tt_pass p = tt_pass_of(base, tt_stream_model(job), job->samples);
    tt_exceed_work w = {job->ngrid, job->grid, y_is_error, {0}, hi};
    double t0 = tt_now();
    int st = be->exceed(&p, &w, msg);
    for (int g = 0; st == TT_OK && g < job->ngrid; ++g)
        finish(job, &w.all, &hi[g], job->grid[g], &recs[g]);
    if (st == TT_OK)
        st = tt_run_emit(p.run, recs, 0, job->ngrid, tt_now() - t0, job->samples, msg);
    free(hi);
    return st;
}
