/* method_is.c: threshold and construct far in the tail: one importance-
 * sampled pass per t, from a proposal chosen per point (tilted normals, or a
 * Pareto tail for the error above a level), defensive so weights stay bounded. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reference/exact.h"
#include "methods/methods.h"
#include "backends/sample_tile.h"
#include "analysis/tail_stats.h"
#include "core/topk.h"
#include "core/util.h"

#define DEFENSIVE 0.1   /* the base law's share of every proposal */
#define IS_TOPK 1024    /* largest weights kept per chunk for k-hat */

typedef tt_is_part is_part;

typedef struct {
    is_part part[2];       /* below t, at or above t (the layout of tt_is_pair) */
    uint64_t ntop;
    double top[IS_TOPK];   /* largest weights at or above t */
} is_acc;

typedef struct {
    const tt_job *job;
    tt_philox_key key;
    uint32_t point;
    double t;
    int y_is_error;        /* the construct's Q is the law of X */
    tt_proposal prop;
} is_ctx;

static void is_init(const void *ctx, void *acc)
{
    (void)ctx;
    memset(acc, 0, sizeof(is_acc));
}

static void is_merge(const void *ctx, void *dst, const void *src)
{
    (void)ctx;
    is_acc *d = (is_acc *)dst;
    const is_acc *s = (const is_acc *)src;
    tt_is_part_merge(&d->part[0], &s->part[0]);
    tt_is_part_merge(&d->part[1], &s->part[1]);
}

static void is_chunk(const void *vctx, uint32_t chunk, uint32_t count, void *vacc)
{
    const is_ctx *c = vctx;
    const tt_model *m = &c->job->model;
    is_acc *acc = vacc;
    double x[TT_TILE], v[TT_TILE];
    tt_u01 pick[TT_TILE], tail[TT_TILE];
    uint32_t extra = tt_model_calls(m); /* the proposal's uniforms: the next Philox call */
    for (uint32_t base = 0; base < count; base += TT_TILE) {
        int n = (int)(count - base < TT_TILE ? count - base : TT_TILE);
        tt_model_draw_tile(m, c->key, c->point, chunk, base, 1, 0, 0, n, x, v);
        tt_uniform_pair_tile(c->key, c->point, chunk, base, extra, n, pick, tail);
        for (int i = 0; i < n; ++i) {
            double w;
            tt_outcome o = tt_proposal_draw(&c->prop, m, (tt_outcome){x[i], v[i]}, pick[i], tail[i], &w);
            double u = o.x + o.v;
            int hi = (c->y_is_error ? o.x : u) >= c->t;
            tt_is_part_add(&acc->part[hi], w, u, o.v, o.x);
            if (hi)
                tt_topk_offer(acc->top, &acc->ntop, IS_TOPK, w);
        }
    }
}

typedef struct {
    double *top;
    uint64_t ntop, cap;
    double kth_max; /* the smallest kept weight of the fullest chunk list: what it may have dropped is below */
} is_state;

static void is_collect(void *vstate, uint32_t chunk, const void *acc)
{
    (void)chunk;
    is_state *st = vstate;
    const is_acc *a = acc;
    for (uint64_t i = 0; i < a->ntop; ++i)
        tt_topk_offer(st->top, &st->ntop, st->cap, a->top[i]);
    if (a->ntop == IS_TOPK && a->top[0] > st->kth_max) /* a full list: top[0] is its smallest */
        st->kth_max = a->top[0];
}

static int cmp_asc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* PSIS k-hat of the weights at or above t (their top M above the (M+1)-th). */
double tt_is_weights_khat(double *top, uint64_t n)
{
    if (n < 6)
        return NAN;
    qsort(top, n, sizeof(double), cmp_asc);
    uint64_t M = n - 1;
    double *e = malloc(sizeof(double) * M);
    for (uint64_t i = 0; i < M; ++i)
        e[i] = top[i + 1] - top[0] > 0 ? top[i + 1] - top[0] : 1e-300;
    double k = NAN, s;
    if (e[M - 1] > 1e-290)
        tt_gpd_fit(e, M, &k, &s);
    free(e);
    return k;
}

int tt_proposal_check(const tt_job *job, char *msg)
{
    if (job->method != TT_THRESHOLD && job->method != TT_CONSTRUCT && job->method != TT_BON)
        return TT_OK;
    tt_proposal p;
    int y_is_error = job->method == TT_CONSTRUCT && !job->q_is_sum;
    if (job->proposal == TT_PROPOSAL_TILT || job->proposal == TT_PROPOSAL_TAIL)
        return tt_proposal_choose(job, job->ngrid ? job->grid[0] : 0.0, y_is_error, job->proposal, &p, msg);
    return TT_OK;
}

/* The proposal for point t. requested: a TT_PROPOSAL_* or TT_PROPOSAL_AUTO. */
int tt_proposal_choose(const tt_job *job, double t, int y_is_error, int requested, tt_proposal *p, char *msg)
{
    const tt_dist *X = &job->model.error, *V = &job->model.utility;
    memset(p, 0, sizeof *p);
    p->alpha = DEFENSIVE;
    int tilt_ok = X->kind == TT_NORMAL && (y_is_error || V->kind == TT_NORMAL);
    int tail_ok = X->kind != TT_EMPIRICAL && V->kind != TT_EMPIRICAL;
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

uint32_t tt_is_stream(const tt_job *job, double t)
{
    char id[3 * TT_SPEC_LEN];
    int len = snprintf(id, sizeof id, "%s|%s|is|%s|%.17g|%d", job->error_spec, job->utility_spec,
                       tt_method_name(job->method), t, job->proposal);
    uint64_t h = tt_fnv1a64(id, (size_t)len, TT_FNV_OFFSET);
    return (uint32_t)(h ^ (h >> 32));
}

void tt_is_finalize(const tt_job *job, double t, int y_is_error, const tt_proposal *prop, const tt_is_pair *res,
                    double khat, tt_record *r)
{
    const is_part *lo = &res->part[0], *hi = &res->part[1];
    double n = (double)job->samples;
    char msg[TT_MSG_LEN];
    r->proposal = tt_proposal_name(prop->kind);
    r->exceedances = (int64_t)hi->n;
    r->ess = hi->sw2 > 0 ? hi->sw * hi->sw / hi->sw2 : 0;
    r->khat = khat;
    tt_record_tails(r, job);
    double *est[3] = {&r->E_U, &r->E_V, &r->E_X}, *se[3] = {&r->E_U_se, &r->E_V_se, &r->E_X_se};
    if (job->method == TT_THRESHOLD) {
        r->P = hi->sw / n;
        r->P_se = sqrt(fmax(0.0, hi->sw2 / n - r->P * r->P) / (n - 1));
        r->KL = -log(r->P);
        r->KL_se = r->P_se / r->P;
        for (int k = 0; k < 3; ++k) {
            double e = hi->swf[k] / hi->sw;
            *est[k] = e;
            *se[k] = sqrt(fmax(0.0, hi->sw2ff[k] - 2 * e * hi->sw2f[k] + e * e * hi->sw2)) / hi->sw;
        }
    } else {
        double qbar, p = job->c * pow(t, -job->a);
        r->P = p;
        r->P_se = 0.0;
        if (tt_exact_upper_tail(&job->model, !y_is_error, t, &qbar, msg) != TT_OK || !(qbar > 0 && qbar < 1)) {
            tt_record_unreliable(r, "Q(Y >= t) is 0 or 1 or could not be computed: no construction at this t");
        } else {
            double wl = (1 - p) / (1 - qbar), wh = p / qbar, gl = p < 1 ? wl * log(wl) : 0, gh = wh * log(wh);
            for (int k = 0; k < 3; ++k) {
                *est[k] = (wl * lo->swf[k] + wh * hi->swf[k]) / n;
                double m2 = (wl * wl * lo->sw2ff[k] + wh * wh * hi->sw2ff[k]) / n;
                *se[k] = sqrt(fmax(0.0, m2 - *est[k] * *est[k]) / (n - 1));
            }
            r->KL = (gl * lo->sw + gh * hi->sw) / n;
            double m2 = (gl * gl * lo->sw2 + gh * gh * hi->sw2) / n;
            r->KL_se = sqrt(fmax(0.0, m2 - r->KL * r->KL) / (n - 1));
        }
    }
    if (hi->n < 100)
        tt_record_unreliable(r, "fewer than 100 samples at or above t");
    if (r->ess < 100)
        tt_record_unreliable(r, "effective sample size of the weights at or above t below 100");
    double kmax = fmin(1 - 1 / log10(n), 0.7);
    if (r->khat >= kmax) {
        char why[120];
        snprintf(why, sizeof why, "k-hat %.2f >= %.2f: the largest weights dominate (PSIS diagnostic)", r->khat, kmax);
        tt_record_unreliable(r, why);
    }
}

/* One point: the proposal's pass and the record (threshold or construct). */
static int is_point(const tt_job *job, int g, int y_is_error, tt_record *r, tt_progress_ctx *pg, char *msg)
{
    double t = job->grid[g];
    is_ctx c = {job, tt_philox_key_from_seed(job->seed), tt_is_stream(job, t), t, y_is_error, {0}};
    int st = tt_proposal_choose(job, t, y_is_error, job->proposal, &c.prop, msg);
    if (st)
        return st;
    double S = (double)job->samples;
    uint64_t cap = (uint64_t)ceil(fmin(0.2 * S, 3 * sqrt(S))) + 1;
    is_state state = {malloc(sizeof(double) * cap), 0, cap, -INFINITY};
    is_acc *res = malloc(sizeof *res);
    if (!state.top || !res) {
        free(state.top);
        free(res);
        return TT_ENOMEM;
    }
    tt_chunk_ops ops = {sizeof(is_acc), is_init, is_chunk, is_merge, job->no_diagnostics ? NULL : is_collect, &state};
    double t0 = tt_now();
    st = tt_engine_run(&ops, &c, job->samples, TT_CHUNK_SAMPLES, job->threads, pg, res, msg);
    if (st == TT_OK) {
        tt_is_pair pair = {{res->part[0], res->part[1]}};
        /* exact unless a full chunk list may have dropped a weight the global top keeps */
        int exact = state.ntop > 0 && state.kth_max < state.top[0];
        double khat = job->no_diagnostics || !exact ? NAN : tt_is_weights_khat(state.top, state.ntop);
        tt_is_finalize(job, t, y_is_error, &c.prop, &pair, khat, r);
        r->wall_s = tt_now() - t0;
        r->samples_per_s = S / r->wall_s;
    }
    free(state.top);
    free(res);
    return st;
}

int tt_is_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    int y_is_error = job->method == TT_CONSTRUCT && !job->q_is_sum;
    for (int g = 0; g < job->ngrid; ++g) {
        int st = is_point(job, g, y_is_error, &recs[g], pg, msg);
        if (st)
            return st;
        pg->done_before += job->samples;
        if (pg->record && pg->record(pg->user, g, &recs[g]) != 0) {
            snprintf(msg, TT_MSG_LEN, "writing the record of t = %g failed", job->grid[g]);
            return TT_EIO;
        }
    }
    return TT_OK;
}
