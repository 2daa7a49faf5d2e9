/* tail_stats.h: tail-index estimators on the largest order statistics
 * (Hill, Dekkers-Einmahl-de Haan moment, Pickands) and the generalized Pareto
 * fit of Zhang and Stephens used by PSIS (k-hat). */
#ifndef TAILTILT_TAIL_STATS_H
#define TAILTILT_TAIL_STATS_H

#include <stddef.h>

/* y: values sorted in decreasing order, y[0] the largest; estimators of the
 * extreme-value index gamma (= 1/alpha for a Pareto-type tail) from the top k.
 * Each returns NAN where it is undefined (too few values, non-positive logs). */

/* Hill: mean of log y[i] - log y[k] over i < k (threshold the (k+1)-th
 * largest); paper_convention uses y[k-1] (the k-th largest), as in Kwa et al. */
double tt_hill(const double *y, size_t n, size_t k, int paper_convention);
/* Moment estimator of Dekkers, Einmahl and de Haan (1989) and its asymptotic
 * standard error. */
double tt_moment_estimator(const double *y, size_t n, size_t k, double *se);
/* Pickands (1975) from y[k-1], y[2k-1], y[4k-1], and its asymptotic se. */
double tt_pickands(const double *y, size_t n, size_t k, double *se);

/* Generalized Pareto fit to exceedances x (sorted increasing, all > 0) by the
 * empirical-Bayes method of Zhang and Stephens (2009) with the weakly
 * informative prior of PSIS (Vehtari et al.): shape k-hat and scale sigma. */
int tt_gpd_fit(const double *x, size_t n, double *khat, double *sigma);

#endif
