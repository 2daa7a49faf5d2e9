/* law.h: a law as one host-side entry: its parameters, its functions (density,
 * tails, quantile through GSL, written for the standard form Z, X = loc +
 * scale Z), its tail metadata, its listing and its exact-reference hooks.
 * laws/table.c lists the entries; the device-safe sampler and log-density of
 * each law are in include/tailtilt/dist.h and density.h (a switch that does
 * not compile without every law). */
#ifndef TAILTILT_LAW_H
#define TAILTILT_LAW_H

#include "tailtilt.h"
#include "tailtilt/proposal.h"

typedef struct tt_law {
    int kind;
    const char *name;
    const char *shape_key;     /* the shape parameter's key; NULL: none */
    double shape_default;      /* NAN: required */
    double shape_min;          /* the smallest shape whose quantiles and moments a double holds; 0: any > 0 */
    const char *help;          /* the parameters it accepts */
    const char *example;       /* a spec for the `dists` listing */
    const char *listing[4];    /* tail class, MGF radius, moments below, note: as `dists` prints them */
    int density;               /* 1: a density (quadrature references, density-ratio proposals) */
    /* The standard form's density, P(Z <= z), P(Z > z) (computed directly,
     * never as 1 - P), quantile, and log of the density's constant (density.h). */
    double (*pdf)(const tt_dist *d, double z);
    double (*P)(const tt_dist *d, double z);
    double (*Q)(const tt_dist *d, double z);
    double (*quantile)(const tt_dist *d, double p);
    double (*log_constant)(const tt_dist *d);
    /* The standard form's tail metadata, over the defaults: heavy, MGF
     * radius 0, every moment finite, mean and variance NAN, support R. */
    void (*tail)(const tt_dist *d, tt_tail_info *t);
    /* E[Z; Z >= z] of the standard form, in closed form (INFINITY where the
     * mean is infinite): conditional Monte Carlo and the references use it. */
    double (*tail_mean)(const tt_dist *d, double z);
    /* Exact-reference hook, NULL where quadrature serves: log E[exp(s X)]
     * and the tilted mean (mean may be NULL). */
    int (*log_mgf)(const tt_dist *d, double s, double *logm, double *mean);
} tt_law;

/* The entry of a law kind, or NULL. */
const tt_law *tt_law_get(int kind);
/* 1 when every law of the model has a density. */
int tt_model_has_density(const tt_model *m);
/* E[X; X >= x] of law d (INFINITY where its mean is infinite). */
double tt_dist_tail_mean(const tt_dist *d, double x);
/* The tail component of an importance-sampling proposal for law d
 * (proposal.h): Lomax for a heavy tail, exponential for a light one, none for
 * resampled data without a fitted tail. */
void tt_dist_tail_proposal(const tt_dist *d, tt_tail_prop *h);

#endif
