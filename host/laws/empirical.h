/* empirical.h: empirical laws: data read once per (file, column), sorted,
 * optionally with a generalized Pareto upper tail; their P, Q, quantile and
 * tail metadata. */
#ifndef TAILTILT_EMPIRICAL_H
#define TAILTILT_EMPIRICAL_H

#include "tailtilt.h"

/* Fills d's data fields from file and column; tail_gpd fits the top
 * min(n/5, 3 sqrt n) values (Zhang-Stephens). */
int tt_empirical_load(tt_dist *d, const char *file, const char *column, int tail_gpd, char *msg);

/* Where d's data came from ("file=PATH, column=C", as given) and the
 * FNV-1a digest of its values in file order, hex. */
void tt_empirical_provenance(const tt_dist *d, const char **source, const char **digest);

/* The density of the fitted tail at x (above its threshold; 0 below it and
 * without a fitted tail). */
double tt_empirical_tail_pdf(const tt_dist *d, double x);

double tt_empirical_P(const tt_dist *d, double z, int lower);
double tt_empirical_quantile(const tt_dist *d, double p);
void tt_empirical_tail(const tt_dist *d, tt_tail_info *t);

#endif
