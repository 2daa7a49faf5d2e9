/* tail_stats.c: Hill, moment, Pickands and the Zhang-Stephens generalized
 * Pareto fit; pure functions of sorted arrays, with asymptotic errors. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "analysis/tail_stats.h"
#include "tailtilt/defs.h"
#include "tailtilt/fastmath.h"

double tt_hill(const double *y, size_t n, size_t k, int paper)
{
    size_t t = paper ? k - 1 : k;
    if (k < 1 || t >= n || !(y[t] > 0))
        return NAN;
    double s = 0, lt = log(y[t]);
    for (size_t i = 0; i < k; ++i)
        s += log(y[i]) - lt;
    return s / (double)k;
}

double tt_moment_estimator(const double *y, size_t n, size_t k, double *se)
{
    *se = NAN;
    if (k < 2 || k >= n || !(y[k] > 0))
        return NAN;
    double m1 = 0, m2 = 0, lt = log(y[k]);
    for (size_t i = 0; i < k; ++i) {
        double d = log(y[i]) - lt;
        m1 += d;
        m2 += d * d;
    }
    m1 /= (double)k;
    m2 /= (double)k;
    if (!(m2 > 0))
        return NAN;
    double g = m1 + 1.0 - 0.5 / (1.0 - m1 * m1 / m2);
    double var = g >= 0 ? 1.0 + g * g
                        : (1 - g) * (1 - g) * (1 - 2 * g) * (1 - g + 6 * g * g) / ((1 - 3 * g) * (1 - 4 * g));
    *se = sqrt(var / (double)k);
    return g;
}

double tt_pickands(const double *y, size_t n, size_t k, double *se)
{
    *se = NAN;
    if (k < 1 || 4 * k > n)
        return NAN;
    double a = y[k - 1] - y[2 * k - 1], b = y[2 * k - 1] - y[4 * k - 1];
    if (!(a > 0 && b > 0))
        return NAN;
    double g = log(a / b) / M_LN2;
    double var;
    if (fabs(g) < 1e-8)
        var = 3.0 / (4.0 * pow(M_LN2, 4));
    else {
        double d = 2.0 * (pow(2.0, g) - 1.0) * M_LN2;
        var = g * g * (pow(2.0, 2 * g + 1) + 1) / (d * d);
    }
    *se = sqrt(var / (double)k);
    return g;
}

/* Zhang and Stephens (2009), as in PSIS: a grid of m values of b = -k/sigma,
 * weighted by their profile likelihood, gives the posterior mean of b; then
 * k = mean log(1 - b x), shrunk toward 0.5 by a prior worth 10 observations. */
int tt_gpd_fit(const double *x, size_t n, double *khat, double *sigma)
{
    *khat = *sigma = NAN;
    if (n < 5 || !(x[0] > 0))
        return TT_EINVAL;
    size_t m = 30 + (size_t)sqrt((double)n);
    double *b = malloc(sizeof(double) * m), *L = malloc(sizeof(double) * m);
    if (!b || !L) {
        free(b);
        free(L);
        return TT_ENOMEM;
    }
    double quart = x[(size_t)((double)n / 4 + 0.5) - 1], xmax = x[n - 1];
    for (size_t j = 0; j < m; ++j) {
        b[j] = (1 - sqrt((double)m / ((double)j + 0.5))) / (3.0 * quart) + 1.0 / xmax;
        double kk = 0, bj = b[j];
#pragma omp simd reduction(+ : kk)
        for (size_t i = 0; i < n; ++i)
            kk += tt_log(1.0 - bj * x[i]); /* log1p to about 1e-16 absolute: enough for a mean */
        kk /= (double)n;
        L[j] = (double)n * (log(-b[j] / kk) - kk - 1);
    }
    double wsum = 0, bpost = 0;
    for (size_t j = 0; j < m; ++j) {
        double s = 0; /* 1 / sum_l exp(L_l - L_j): the normalised weight of b_j */
        for (size_t l = 0; l < m; ++l)
            s += exp(L[l] - L[j]);
        double w = 1.0 / s;
        if (!(w >= 10 * DBL_EPSILON) || !isfinite(L[j]))
            continue;
        wsum += w;
        bpost += w * b[j];
    }
    free(L);
    free(b);
    if (!(wsum > 0))
        return TT_ENUMERIC;
    bpost /= wsum;
    double k = 0;
    for (size_t i = 0; i < n; ++i)
        k += log1p(-bpost * x[i]);
    k /= (double)n;
    *sigma = -k / bpost;
    *khat = ((double)n * k + 10 * 0.5) / ((double)n + 10);
    return TT_OK;
}
