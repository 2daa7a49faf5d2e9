/* threshold_points.c: the points of threshold and construct: one exceedance
 * pass for the grid, or far in the tail one pass per t, importance-sampled
 * from the point's proposal (methods/proposals.c) or by conditional Monte
 * Carlo, each record checked against the laws' own P(U >= t). */
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

/* The check of a missed way: each way's estimated P(U >= t) (est, se: where
 * X leads, where V leads) against the laws' (quadrature), within 5 standard
 * errors and 1e-3 of the total (a way carrying less does not matter); a
 * proposal without a component for a way that carries more than that is
 * unreliable whatever the numbers say. */
static void check_ways(const tt_proposal *prop, const tt_lead_mass *mass, const double est[2], const double se[2],
                       tt_record *r)
{
    double ref[2] = {mass->x_lead, mass->v_lead}, total = ref[0] + ref[1];
    r->P_xlead = est[0];
    r->P_xlead_se = se[0];
    r->P_vlead = est[1];
    r->P_vlead_se = se[1];
    r->P_xlead_ref = ref[0];
    r->P_vlead_ref = ref[1];
    const char *blind = prop ? tt_proposal_blind_spot(prop, mass) : NULL;
    if (blind)
        tt_record_unreliable(r, blind);
    static const char *const who[2] = {"the error", "the utility"};
    for (int k = 0; k < 2 && isfinite(total); ++k)
        if (fabs(est[k] - ref[k]) > 5 * se[k] + 1e-3 * total) {
            char why[240];
            snprintf(why, sizeof why, "where %s leads, P(U >= t) = %.4g (se %.2g) but the laws' tails give %.4g: "
                     "the sampling %s that way", who[k], est[k], se[k], ref[k],
                     est[k] < ref[k] ? "under-samples" : "over-weights");
            tt_record_unreliable(r, why);
        }
}

/* The mean of per-sample values from their sums, and its standard error. */
static void mean_of(double s, double ss, double n, double *mean, double *se)
{
    *mean = s / n;
    *se = sqrt(fmax(0.0, ss / n - *mean * *mean) / (n - 1));
}

/* The record of point t: the method's estimates, then the checks every
 * importance-sampled point gets. */
static void finish_point(const tt_job *job, double t, int y_is_error, const tt_proposal *prop, const tt_lead_mass *mass,
                         const tt_is_split *res, double khat, const char *no_khat, tt_is_estimates estimates,
                         tt_record *r)
{
    tt_is_part hi;
    tt_is_split_above(res, &hi);
    r->proposal = tt_proposal_name(prop->kind);
    r->exceedances = (int64_t)hi.n;
    r->ess = hi.sw2 > 0 ? hi.sw * hi.sw / hi.sw2 : 0;
    tt_record_tails(r, job);
    estimates(job, t, y_is_error, &res->part[TT_IS_BELOW], &hi, r);
    if (hi.n < 100)
        tt_record_unreliable(r, "fewer than 100 samples at or above t");
    if (r->ess < 100)
        tt_record_unreliable(r, "effective sample size of the weights at or above t below 100");
    double n = (double)job->samples, est[2], se[2];
    mean_of(res->part[TT_IS_XLEAD].sw, res->part[TT_IS_XLEAD].sw2, n, &est[0], &se[0]);
    mean_of(res->part[TT_IS_VLEAD].sw, res->part[TT_IS_VLEAD].sw2, n, &est[1], &se[1]);
    check_ways(prop, mass, est, se, r);
    tt_khat_judge(r, khat, job->samples, no_khat);
}

/* The ratio of two sums of per-sample values, and its delta-method error. */
static void ratio_of(double sa, double sb, double saa, double sbb, double sab, double *est, double *se)
{
    *est = sb / sa;
    *se = sqrt(fmax(0.0, sbb - 2 * *est * sab + *est * *est * saa)) / sa;
}

/* The estimates of the sums: Y is integrated (c), z sampled (b); U = Y + z. */
static void cond_estimate(const tt_conditional_work *w, tt_cond_estimate *e)
{
    const tt_cond_sums *s = &w->sums;
    double n = (double)s->n;
    int ix = w->integrate_x ? 2 : 1, iz = w->integrate_x ? 1 : 2; /* slots of Y and z among U, V, X */
    mean_of(s->sa, s->saa, n, &e->P, &e->P_se);
    mean_of(s->sc, s->scc, n, &e->part[ix], &e->part_se[ix]);
    mean_of(s->sb, s->sbb, n, &e->part[iz], &e->part_se[iz]);
    mean_of(s->sb + s->sc, s->sbb + 2 * s->sbc + s->scc, n, &e->part[0], &e->part_se[0]);
    ratio_of(s->sa, s->sc, s->saa, s->scc, s->sac, &e->cond[ix], &e->cond_se[ix]);
    ratio_of(s->sa, s->sb, s->saa, s->sbb, s->sab, &e->cond[iz], &e->cond_se[iz]);
    ratio_of(s->sa, s->sb + s->sc, s->saa, s->sbb + 2 * s->sbc + s->scc, s->sab + s->sac, &e->cond[0],
             &e->cond_se[0]);
}

/* Conditional Monte Carlo's record: the method's estimates, then the total
 * against the laws'. */
static void finish_conditional(const tt_job *job, double t, int y_is_error, const tt_conditional_work *w,
                               const tt_lead_mass *mass, tt_cond_estimates cond, tt_record *r)
{
    tt_cond_estimate e;
    cond_estimate(w, &e);
    r->proposal = tt_proposal_name(TT_PROPOSAL_CONDITIONAL);
    r->exceedances = (int64_t)w->sums.hits;
    r->ess = w->sums.saa > 0 ? w->sums.sa * w->sums.sa / w->sums.saa : 0;
    tt_record_tails(r, job);
    cond(job, t, y_is_error, &e, r);
    if (r->ess < 100)
        tt_record_unreliable(r, "effective sample size of the conditional estimates below 100");
    double n = (double)w->sums.n, est[2], se[2];
    mean_of(w->sums.sax, w->sums.saxx, n, &est[0], &se[0]);
    mean_of(w->sums.sav, w->sums.savv, n, &est[1], &se[1]);
    check_ways(NULL, mass, est, se, r);
}

int tt_importance_points(const tt_job *job, const tt_backend *be, tt_pass *base, int y_is_error,
                         tt_is_estimates estimates, tt_cond_estimates cond, tt_record *recs, char *msg)
{
    int diag = !job->no_diagnostics;
    const char *method = tt_method_get(job->method)->name;
    for (int g = 0; g < job->ngrid; ++g) {
        double t = job->grid[g], t0 = tt_now();
        tt_proposal prop;
        tt_lead_mass mass;
        int st = tt_proposal_choose(job, t, y_is_error, job->proposal, &prop, &mass, msg);
        if (st != TT_OK)
            return st;
        tt_pass p = tt_pass_of(base, tt_stream_importance(job, method, t), job->samples);
        if (prop.kind == TT_PROPOSAL_CONDITIONAL) {
            tt_conditional_work w;
            if ((st = tt_conditional_setup(job, t, y_is_error, &mass, &w, msg)) != TT_OK)
                return st;
            /* the laws' tails are evaluated per sample on the host: a backend
             * without this pass (the GPU) leaves it to the CPU, and the
             * record says where it ran */
            const tt_backend *run_on = be->conditional ? be : &tt_backend_cpu;
            tt_pass pc = p;
            if (run_on != be) {
                pc.model = &job->model;
                pc.session = NULL;
                recs[g].backend = tt_backend_cpu.name;
                recs[g].device = tt_backend_cpu.device();
                recs[g].threads = p.threads;
            }
            if ((st = run_on->conditional(&pc, &w, msg)) != TT_OK)
                return st;
            finish_conditional(job, t, y_is_error, &w, &mass, cond, &recs[g]);
        } else {
            tt_khat_pool pool = {0};
            if (diag && tt_khat_pool_init(&pool, job->samples) != TT_OK)
                return TT_ENOMEM;
            tt_importance_work w = {&prop, t, y_is_error, diag, {{{0}}}, diag ? &pool : NULL};
            st = be->importance(&p, &w, msg);
            /* fitted to the weights no full chunk list can have dropped one above */
            if (diag)
                tt_khat_pool_sort(&pool);
            const char *missing = tt_khat_pool_missing(diag ? &pool : NULL);
            double khat = st == TT_OK && !missing ? tt_khat_of_weights(pool.top, tt_khat_pool_certain(&pool)) : NAN;
            tt_khat_pool_free(&pool);
            if (st != TT_OK)
                return st;
            finish_point(job, t, y_is_error, &prop, &mass, &w.sums, khat, missing, estimates, &recs[g]);
        }
        tt_records_precision(recs, g, 1, 0); /* likelihood ratios need double */
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
    if (job->proposal == TT_PROPOSAL_NONE || job->proposal == TT_PROPOSAL_AUTO)
        return TT_OK;
    return tt_proposal_choose(job, job->grid[0], y_is_error, job->proposal, &p, NULL, msg);
}

int tt_exceed_points(const tt_job *job, const tt_backend *be, tt_pass *base, int y_is_error, tt_exceed_finish finish,
                     tt_record *recs, char *msg)
{
    tt_sums3 *hi = malloc(sizeof(tt_sums3) * (size_t)job->ngrid);
    if (!hi)
        return TT_ENOMEM;
    tt_pass p = tt_pass_of(base, tt_stream_model(job), job->samples);
    p.single = tt_job_single(job, TT_FLOAT_REACH_SQUARES);
    tt_exceed_work w = {job->ngrid, job->grid, y_is_error, {0}, hi};
    double t0 = tt_now();
    int st = be->exceed(&p, &w, msg);
    for (int g = 0; st == TT_OK && g < job->ngrid; ++g)
        finish(job, &w.all, &hi[g], job->grid[g], &recs[g]);
    tt_records_precision(recs, 0, job->ngrid, p.single);
    if (st == TT_OK)
        st = tt_run_emit(p.run, recs, 0, job->ngrid, tt_now() - t0, job->samples, msg);
    free(hi);
    return st;
}
