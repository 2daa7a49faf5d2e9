/* method_bon_weighted.c: best-of-N for all N from one set of S samples sorted
 * by U: E[f*] = sum_i (F_i^N - F_(i-1)^N) f_(i), F the empirical CDF (with
 * importance weights when a proposal puts more samples in the upper tail),
 * standard errors from R disjoint sample sets; all samples are kept in memory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reference/exact.h"
#include "tailtilt/bon_weight.h"
#include "methods/methods.h"
#include "backends/sample_tile.h"
#include "core/util.h"

#define MAX_SAMPLES 100000000ull

typedef struct { double u, v, x, w; } triple; /* w: importance weight, 1 without a proposal */

/* Order-preserving integer key of a double (negatives reversed). */
static uint64_t sort_key(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return (b >> 63) ? ~b : b | 0x8000000000000000ull;
}

/* LSD radix sort by U, 8 bits a pass; stable, so ties keep sample order. */
static void sort_by_u(triple *a, triple *tmp, size_t n)
{
    for (int pass = 0; pass < 8; ++pass) {
        size_t count[257] = {0};
        int sh = 8 * pass;
        for (size_t i = 0; i < n; ++i)
            count[((sort_key(a[i].u) >> sh) & 0xff) + 1]++;
        for (int b = 0; b < 256; ++b)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; ++i)
            tmp[count[(sort_key(a[i].u) >> sh) & 0xff]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
}

/* sum_i (F_i^N - F_(i-1)^N) f_(i) over n samples sorted increasing. Without
 * weights F_i = i/n exactly; with weights F_i = 1 - (weight above i)/W, the
 * weight above summed from the top so that F near 1 keeps its precision.
 * *near: samples in the top 10/N of the mass, where the best of N lives. */
static void weighted(const triple *s, size_t n, double N, int unit, double out[3], size_t *near)
{
    double acc[3] = {0, 0, 0}, W = 0;
    if (!unit)
        for (size_t i = 0; i < n; ++i)
            W += s[i].w;
    double dn = (double)n, above = 0; /* the mass strictly above the current sample */
    *near = 0;
    for (size_t i = n; i >= 1; --i) {
        const triple *t = &s[i - 1];
        double m = unit ? 1.0 / dn : t->w / W;
        if (N * log1p(-above) < -745.0)
            break; /* F_i^N vanishes: nothing below contributes */
        double w = unit ? tt_bon_weight_unit((double)i, dn, N) : tt_bon_weight(above, m, N);
        acc[0] += w * t->u;
        acc[1] += w * t->v;
        acc[2] += w * t->x;
        if (above < 10.0 / N)
            ++*near;
        above += m;
    }
    memcpy(out, acc, sizeof acc);
}

/* Checks the sample count; the stream and the proposal of the sample set. */
int tt_bon_weighted_setup(const tt_job *job, uint32_t *point, tt_proposal *prop, char *msg)
{
    uint64_t S = job->samples;
    if (S > MAX_SAMPLES) {
        snprintf(msg, TT_MSG_LEN, "bon --estimator weighted keeps every sample in memory: at most 1e8 samples (got %llu)",
                 (unsigned long long)S);
        return TT_EINVAL;
    }
    if (S < 10 * TT_BON_REPLICATES) {
        snprintf(msg, TT_MSG_LEN, "bon --estimator weighted needs at least %d samples", 10 * TT_BON_REPLICATES);
        return TT_EINVAL;
    }
    /* one stream for the whole set: the model's, marked as the weighted estimator's */
    tt_job sj = *job;
    sj.method = TT_THRESHOLD;
    *point = tt_point_stream(&sj, 0) ^ 0x5bd1e995u;
    memset(prop, 0, sizeof *prop);
    if (job->proposal == TT_PROPOSAL_NONE)
        return TT_OK;
    /* a proposal aims at the top 1/N of U for the largest N of the grid:
     * tilting centres on it; a tail proposal must cover all the range where
     * the best of N lives, down to the top 30/N (below it with probability e^-30) */
    double nmax = 1;
    for (int g = 0; g < job->ngrid; ++g)
        nmax = fmax(nmax, job->grid[g]);
    double level = tt_sum_upper_quantile(&job->model, 1.0 / nmax);
    int st = tt_proposal_choose(job, isfinite(level) ? level : 0.0, 0, job->proposal, prop, msg);
    if (st == TT_OK && prop->kind == TT_PROPOSAL_TAIL) {
        level = tt_sum_upper_quantile(&job->model, fmin(30.0 / nmax, 0.5));
        st = tt_proposal_choose(job, isfinite(level) ? level : 0.0, 0, TT_PROPOSAL_TAIL, prop, msg);
    }
    *point ^= 0x9e3779b9u * (uint32_t)(job->proposal + 2);
    return st;
}

void tt_bon_weighted_records(const tt_job *job, const tt_proposal *prop, const double *full, const double *rep,
                             const uint64_t *near, tt_record *recs)
{
    int ng = job->ngrid, R = TT_BON_REPLICATES;
    for (int g = 0; g < ng; ++g) {
        tt_record *rec = &recs[g];
        double N = job->grid[g];
        rec->proposal = job->proposal != TT_PROPOSAL_NONE ? tt_proposal_name(prop->kind) : NULL;
        double *est[3] = {&rec->E_U, &rec->E_V, &rec->E_X}, *se[3] = {&rec->E_U_se, &rec->E_V_se, &rec->E_X_se};
        for (int q = 0; q < 3; ++q) {
            double m = 0, ss = 0;
            for (int r = 0; r < R; ++r)
                m += rep[((size_t)r * (size_t)ng + (size_t)g) * 3 + (size_t)q];
            m /= R;
            for (int r = 0; r < R; ++r) {
                double d = rep[((size_t)r * (size_t)ng + (size_t)g) * 3 + (size_t)q] - m;
                ss += d * d;
            }
            *est[q] = full[(size_t)g * 3 + (size_t)q];
            /* the spread of R estimates from S/R samples each, scaled to S samples */
            *se[q] = sqrt(ss / (R - 1)) / sqrt((double)R);
        }
        rec->KL = log(N) - (N - 1) / N;
        rec->KL_se = 0.0;
        tt_record_tails(rec, job);
        /* the best of N lives in the top 1/N of the mass: each replicate set
         * needs samples there, else the estimator resamples a few draws */
        if (near[g] < 100ull * R) {
            char why[220];
            snprintf(why, sizeof why, "N = %g is comparable to the sample set: only %llu samples in the top 10/N of "
                     "the mass (%d needed); raise --samples or use --proposal auto", N, (unsigned long long)near[g],
                     100 * R);
            tt_record_unreliable(rec, why);
        }
    }
}

int tt_bon_weighted_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    uint64_t S = job->samples;
    uint32_t point;
    tt_proposal prop;
    int st = tt_bon_weighted_setup(job, &point, &prop, msg);
    if (st != TT_OK)
        return st;
    triple *all = malloc(S * sizeof *all), *tmp = malloc(S * sizeof *tmp);
    int ng = job->ngrid;
    double *rep = malloc(sizeof(double) * TT_BON_REPLICATES * (size_t)ng * 3); /* [r][g][f] */
    double *full = calloc((size_t)ng * 3, sizeof(double));
    uint64_t *near = calloc((size_t)ng, sizeof(uint64_t));
    if (!all || !tmp || !rep || !full || !near) {
        free(all), free(tmp), free(rep), free(full), free(near);
        snprintf(msg, TT_MSG_LEN, "out of memory for %llu samples", (unsigned long long)S);
        return TT_ENOMEM;
    }
    double t0 = tt_now();
    tt_philox_key key = tt_philox_key_from_seed(job->seed);
    uint64_t nchunks = (S + TT_CHUNK_SAMPLES - 1) / TT_CHUNK_SAMPLES;
    int unit = prop.kind == TT_PROPOSAL_NONE;
    uint32_t extra = tt_model_calls(&job->model);
#pragma omp parallel for schedule(dynamic, 4) num_threads(tt_resolve_threads(job->threads))
    for (uint64_t c = 0; c < nchunks; ++c) {
        double x[TT_TILE], v[TT_TILE];
        tt_u01 pick[TT_TILE], tail[TT_TILE];
        uint64_t start = c * TT_CHUNK_SAMPLES, end = start + TT_CHUNK_SAMPLES < S ? start + TT_CHUNK_SAMPLES : S;
        for (uint64_t b = start; b < end; b += TT_TILE) {
            int n = (int)(end - b < TT_TILE ? end - b : TT_TILE);
            tt_model_draw_tile(&job->model, key, point, (uint32_t)c, (uint32_t)(b - start), 1, 0, 0, n, x, v);
            if (!unit)
                tt_uniform_pair_tile(key, point, (uint32_t)c, (uint32_t)(b - start), extra, n, pick, tail);
            for (int i = 0; i < n; ++i) {
                double w = 1.0;
                tt_outcome o = {x[i], v[i]};
                if (!unit)
                    o = tt_proposal_draw(&prop, &job->model, o, pick[i], tail[i], &w);
                all[b + (uint64_t)i] = (triple){o.x + o.v, o.v, o.x, w};
            }
        }
    }
    if (pg && pg->fn)
        pg->fn(pg->user, S, pg->total);
    /* replicate sets: contiguous ranges of the sample order, sorted apart */
    size_t per = S / TT_BON_REPLICATES;
    memcpy(tmp, all, S * sizeof *all);
    for (int r = 0; r < TT_BON_REPLICATES; ++r) {
        triple *set = tmp + (size_t)r * per;
        sort_by_u(set, all, per); /* `all` is scratch here; it is refilled below */
        for (int g = 0; g < ng; ++g) {
            size_t nr;
            weighted(set, per, job->grid[g], unit, &rep[((size_t)r * (size_t)ng + (size_t)g) * 3], &nr);
        }
    }
    /* the full set, from the sorted replicates by a merge of their orders */
    memcpy(all, tmp, S * sizeof *all);
    sort_by_u(all, tmp, S);
    for (int g = 0; g < ng; ++g) {
        size_t nr;
        weighted(all, S, job->grid[g], unit, &full[(size_t)g * 3], &nr);
        near[g] = nr;
    }
    tt_bon_weighted_records(job, &prop, full, rep, near, recs);
    free(rep), free(full), free(near), free(all), free(tmp);
    double wall = tt_now() - t0;
    for (int g = 0; g < ng; ++g) {
        recs[g].wall_s = wall;
        recs[g].samples_per_s = (double)S / wall;
        if (pg && pg->record && pg->record(pg->user, g, &recs[g]) != 0) {
            snprintf(msg, TT_MSG_LEN, "writing the record of N = %g failed", job->grid[g]);
            return TT_EIO;
        }
    }
    return TT_OK;
}
