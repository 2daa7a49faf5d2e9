/* khat.c: gathering a pass's largest values from its chunks' lists and
 * fitting a generalized Pareto to the largest weights (PSIS, Vehtari et al.). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "analysis/khat.h"
#include "analysis/tail_stats.h"
#include "core/record.h"
#include "core/topk.h"
#include "tailtilt/stream.h"

uint64_t tt_khat_keep(uint64_t samples)
{
    double S = (double)samples;
    return (uint64_t)ceil(fmin(0.2 * S, 3 * sqrt(S))) + 1;
}

int tt_khat_per_chunk(uint64_t samples, uint64_t keep, int most)
{
    double expected = (double)TT_CHUNK_SAMPLES * (double)keep / (double)samples;
    double k = 4 * expected + 64;
    return k > most ? most : (int)k;
}

int tt_khat_pool_init(tt_khat_pool *p, uint64_t samples)
{
    p->cap = tt_khat_keep(samples);
    p->ntop = 0;
    p->bound = -INFINITY;
    p->top = malloc(sizeof(double) * p->cap);
    return p->top ? TT_OK : TT_ENOMEM;
}

void tt_khat_pool_free(tt_khat_pool *p)
{
    free(p->top);
    p->top = NULL;
}

void tt_khat_pool_offer(tt_khat_pool *p, const double *values, uint64_t n, int full, double smallest)
{
    for (uint64_t i = 0; i < n; ++i)
        tt_topk_offer(p->top, &p->ntop, p->cap, values[i]);
    if (full && smallest > p->bound)
        p->bound = smallest;
}

void tt_khat_pool_bound(tt_khat_pool *p, double b)
{
    if (b > p->bound)
        p->bound = b;
}

void tt_khat_pool_offer_device_list(tt_khat_pool *p, const double *list, int per, double bound)
{
    uint64_t n = 0;
    while (n < (uint64_t)per && list[n] > -INFINITY)
        ++n;
    tt_khat_pool_offer(p, list, n, n == (uint64_t)per, list[per - 1]);
    tt_khat_pool_bound(p, bound);
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

void tt_khat_pool_sort(tt_khat_pool *p)
{
    qsort(p->top, p->ntop, sizeof(double), cmp_desc);
}

int tt_khat_pool_exact(const tt_khat_pool *p)
{
    return p->ntop > 0 && p->bound < p->top[0];
}

uint64_t tt_khat_pool_certain(const tt_khat_pool *p)
{
    uint64_t n = 0;
    while (n < p->ntop && p->top[n] > p->bound)
        ++n;
    return n;
}

const char *tt_khat_pool_missing(const tt_khat_pool *p)
{
    if (!p)
        return "diagnostics are off";
    if (p->ntop < 6)
        return "fewer than 6 samples in the tail";
    if (tt_khat_pool_certain(p) < 6)
        return "the chunks' lists may have dropped most of the largest values";
    return NULL;
}

double tt_khat_of_tilt(const double *top, uint64_t m1, double beta)
{
    uint64_t M = m1 - 1;
    double *e = malloc(sizeof(double) * M);
    if (!e)
        return NAN;
    double cut = exp((top[M] - top[0]) / beta);
    for (uint64_t i = 0; i < M; ++i) /* increasing */
        e[i] = exp((top[M - 1 - i] - top[0]) / beta) - cut;
    for (uint64_t i = 0; i < M; ++i) /* ties at the cut: a tiny positive exceedance */
        if (!(e[i] > 0)) e[i] = 1e-300;
    double k = NAN, sigma;
    if (e[M - 1] > 1e-290)
        tt_gpd_fit(e, M, &k, &sigma);
    free(e);
    return k;
}

static int cmp_asc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double tt_khat_of_weights(double *top, uint64_t n)
{
    if (n < 6)
        return NAN;
    qsort(top, n, sizeof(double), cmp_asc);
    uint64_t M = n - 1;
    double *e = malloc(sizeof(double) * M);
    if (!e)
        return NAN;
    for (uint64_t i = 0; i < M; ++i)
        e[i] = top[i + 1] - top[0] > 0 ? top[i + 1] - top[0] : 1e-300;
    double k = NAN, s;
    if (e[M - 1] > 1e-290)
        tt_gpd_fit(e, M, &k, &s);
    free(e);
    return k;
}

void tt_khat_judge(tt_record *r, double khat, uint64_t samples, const char *missing)
{
    if (missing) {
        char why[160];
        snprintf(why, sizeof why, "k-hat not computed (%s): the largest weights were not checked", missing);
        r->khat = NAN;
        tt_record_unreliable(r, why);
        return;
    }
    r->khat = khat;
    double kmax = fmin(1 - 1 / log10((double)samples), 0.7);
    if (khat >= kmax) {
        char why[120];
        snprintf(why, sizeof why, "k-hat %.2f >= %.2f: the largest weights dominate (PSIS diagnostic)", khat, kmax);
        tt_record_unreliable(r, why);
    }
}
