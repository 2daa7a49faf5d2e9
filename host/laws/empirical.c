/* empirical.c: loads and sorts the data of empirical laws (a cache per file
 * and column, freed at exit), fits their tails, and answers P, Q, quantiles. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/array_io.h"
#include "laws/empirical.h"
#include "laws/law.h"
#include "analysis/tail_stats.h"
#include "core/util.h"

typedef struct cached {
    char key[1024];
    char source[1024];      /* "file=PATH, column=C", as given */
    double *sorted;
    double *suffix;         /* suffix[i] = sorted[i] + ... + sorted[n-1]; suffix[n] = 0 */
    size_t n;
    char digest[17];
    struct cached *next;
} cached;

static cached *cache; /* loaded data outlive the specs that point at them */

static void free_cache(void)
{
    while (cache) {
        cached *c = cache->next;
        free(cache->sorted);
        free(cache->suffix);
        free(cache);
        cache = c;
    }
}

static int cmp_asc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int tt_empirical_load(tt_dist *d, const char *file, const char *column, int tail_gpd, char *msg)
{
    char key[1024];
    snprintf(key, sizeof key, "%s|%s", file, column ? column : "");
    cached *c = cache;
    while (c && strcmp(c->key, key))
        c = c->next;
    if (!c) {
        tt_column col;
        char m[TT_MSG_LEN];
        if (tt_column_read(file, column, 0, &col, m) != TT_OK) {
            snprintf(msg, TT_MSG_LEN, "empirical data: %s", m);
            return TT_EINVAL;
        }
        if (col.n < 20) {
            snprintf(msg, TT_MSG_LEN, "empirical data: %s has %zu values; at least 20 are needed", file, col.n);
            tt_column_free(&col);
            return TT_EINVAL;
        }
        c = calloc(1, sizeof *c);
        if (!c) {
            tt_column_free(&col);
            snprintf(msg, TT_MSG_LEN, "empirical data: out of memory");
            return TT_ENOMEM;
        }
        snprintf(c->key, sizeof c->key, "%s", key);
        snprintf(c->source, sizeof c->source, "file=%s%s%s", file, column ? ", column=" : "", column ? column : "");
        c->sorted = col.values;
        c->n = col.n;
        uint64_t h = tt_fnv1a64(col.values, col.n * sizeof(double), TT_FNV_OFFSET);
        snprintf(c->digest, sizeof c->digest, "%016llx", (unsigned long long)h); /* file order */
        qsort(c->sorted, c->n, sizeof(double), cmp_asc);
        c->suffix = malloc(sizeof(double) * (c->n + 1));
        if (!c->suffix) {
            free(c->sorted);
            free(c);
            snprintf(msg, TT_MSG_LEN, "empirical data: out of memory");
            return TT_ENOMEM;
        }
        c->suffix[c->n] = 0.0;
        for (size_t i = c->n; i-- > 0;)
            c->suffix[i] = c->suffix[i + 1] + c->sorted[i];
        if (!cache)
            atexit(free_cache);
        c->next = cache;
        cache = c;
    }
    d->data = c->sorted;
    d->ndata = c->n;
    d->ntail = 0;
    d->tail_u = d->tail_sigma = d->tail_xi = 0;
    if (tail_gpd) {
        size_t n = c->n, M = (size_t)fmin((double)n / 5, 3 * sqrt((double)n));
        double thr = c->sorted[n - M - 1];
        double *ex = malloc(sizeof(double) * M);
        for (size_t i = 0; i < M; ++i)
            ex[i] = c->sorted[n - M + i] - thr;
        for (size_t i = 0; i < M; ++i) /* ties at the threshold: a tiny positive exceedance */
            if (!(ex[i] > 0)) ex[i] = 1e-12 * (ex[M - 1] > 0 ? ex[M - 1] : 1.0);
        double k, s;
        int st = tt_gpd_fit(ex, M, &k, &s);
        free(ex);
        if (st != TT_OK || !isfinite(k) || !(s > 0)) {
            snprintf(msg, TT_MSG_LEN, "empirical data: the generalized Pareto fit to the top %zu values of %s failed", M, file);
            return TT_ENUMERIC;
        }
        d->ntail = M;
        d->tail_u = thr;
        d->tail_sigma = s;
        d->tail_xi = k;
    }
    return TT_OK;
}

static const cached *entry_of(const tt_dist *d)
{
    const cached *c = cache;
    while (c && c->sorted != d->data)
        c = c->next;
    return c;
}

void tt_empirical_provenance(const tt_dist *d, const char **source, const char **digest)
{
    const cached *c = entry_of(d);
    *source = c ? c->source : "file=?";
    *digest = c ? c->digest : "?";
}

/* Standard-form P(Z <= z) (lower) or P(Z > z). */
double tt_empirical_P(const tt_dist *d, double z, int lower)
{
    uint64_t nb = d->ndata - d->ntail;
    double p0 = (double)d->ntail / (double)d->ndata;
    if (d->ntail && z > d->tail_u) {
        double y = (z - d->tail_u) / d->tail_sigma, xi = d->tail_xi;
        double q = fabs(xi) > 1e-12 ? (1 + xi * y > 0 ? pow(1 + xi * y, -1 / xi) : 0.0) : exp(-y);
        return lower ? 1 - p0 * q : p0 * q;
    }
    size_t lo = 0, hi = nb; /* count of body values <= z */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->data[mid] <= z) lo = mid + 1; else hi = mid;
    }
    double P = (double)lo / (double)nb * (1 - p0);
    return lower ? P : 1 - P;
}

double tt_empirical_quantile(const tt_dist *d, double p)
{
    tt_u01 u = tt_u01_from_p(p);
    return tt_std_empirical(d, u);
}

void tt_empirical_tail(const tt_dist *d, tt_tail_info *t)
{
    size_t n = d->ndata, nb = n - d->ntail;
    double p0 = (double)d->ntail / (double)n, xi = d->tail_xi, s = d->tail_sigma;
    double m1 = 0, m2 = 0;
    for (size_t i = 0; i < nb; ++i) {
        m1 += d->data[i];
        m2 += d->data[i] * d->data[i];
    }
    m1 /= (double)n;
    m2 /= (double)n;
    t->lo = d->data[0];
    t->hi = d->data[n - 1];
    t->heavy = 0;
    t->mgf_radius = INFINITY;
    t->moments_below = INFINITY;
    if (d->ntail) {
        /* exceedance Y ~ GPD(xi, s): E Y = s/(1-xi), E Y^2 = 2 s^2/((1-xi)(1-2xi)) */
        double u = d->tail_u;
        double ey = xi < 1 ? s / (1 - xi) : INFINITY, ey2 = xi < 0.5 ? 2 * s * s / ((1 - xi) * (1 - 2 * xi)) : INFINITY;
        m1 += p0 * (u + ey);
        m2 += p0 * (u * u + 2 * u * ey + ey2);
        t->heavy = xi > 0;
        t->mgf_radius = xi > 0 ? 0.0 : (xi < 0 ? INFINITY : 1.0 / s);
        t->moments_below = xi > 0 ? 1.0 / xi : INFINITY;
        t->hi = xi < 0 ? u - s / xi : INFINITY;
    }
    t->mean = isfinite(m1) ? m1 : NAN;
    t->var = isfinite(m2) ? m2 - m1 * m1 : NAN;
}

static double no_density(const tt_dist *d, double z)
{
    (void)d;
    (void)z;
    return NAN; /* resampled data have no density: no quadrature reference */
}

/* The fitted tail's P(Z > z) for z above tail_u (times p0 outside). */
static double gpd_Q(const tt_dist *d, double y)
{
    double xi = d->tail_xi, s = d->tail_sigma;
    if (fabs(xi) <= 1e-12)
        return exp(-y / s);
    return 1 + xi * y / s > 0 ? pow(1 + xi * y / s, -1 / xi) : 0.0;
}

/* E[Z; Z >= z]: the body's values from z up (suffix sums), each of mass
 * 1/n, and the fitted tail's share, p0 times its mean above max(z, u)
 * (the generalized Pareto's mean excess (sigma + xi y)/(1 - xi)). */
static double tail_mean(const tt_dist *d, double z)
{
    const cached *c = entry_of(d);
    if (!c)
        return NAN;
    size_t n = d->ndata, nb = n - d->ntail, lo = 0, hi = nb;
    while (lo < hi) { /* the first body value >= z */
        size_t mid = (lo + hi) / 2;
        if (d->data[mid] < z) lo = mid + 1; else hi = mid;
    }
    double body = (c->suffix[lo] - c->suffix[nb]) / (double)n;
    if (!d->ntail)
        return body;
    double xi = d->tail_xi, s = d->tail_sigma, u = d->tail_u, p0 = (double)d->ntail / (double)n;
    if (xi >= 1)
        return INFINITY;
    double y = z > u ? z - u : 0.0;
    return body + p0 * gpd_Q(d, y) * (u + y + (s + xi * y) / (1 - xi));
}

double tt_empirical_tail_pdf(const tt_dist *d, double x)
{
    double z = (x - d->loc) / d->scale, y = z - d->tail_u, xi = d->tail_xi, s = d->tail_sigma;
    if (!d->ntail || !(y > 0))
        return 0.0;
    double p0 = (double)d->ntail / (double)d->ndata, base = 1 + xi * y / s;
    double f = fabs(xi) <= 1e-12 ? exp(-y / s) : (base > 0 ? pow(base, -1 / xi - 1) : 0.0);
    return p0 * f / (s * d->scale);
}

static double P(const tt_dist *d, double z) { return tt_empirical_P(d, z, 1); }
static double Q(const tt_dist *d, double z) { return tt_empirical_P(d, z, 0); }
static double no_constant(const tt_dist *d) { (void)d; return NAN; }

const tt_law tt_law_empirical = {
    TT_EMPIRICAL, "empirical", NULL, 0, 0,
    "file=PATH (.npy or text), column=NAME|INDEX, tail=none|gpd, digest (checked), loc, scale", NULL,
    {"data", "-", "-", " (tail class from the fitted tail)"},
    0, no_density, P, Q, tt_empirical_quantile, no_constant, tt_empirical_tail, tail_mean, NULL,
};
