/* law.h: a law as one host-side entry: its parameters, its functions (density,
 * tails, quantile through GSL, written for the standard form Z, X = loc +
 * scale Z), its tail metadata, its listing and its exact-reference hooks.
 * laws/table.c lists the entries; the device-safe sampler and log-density of
 * each law are in include/tailtilt/dist.h and density.h (a switch that does
 * not compile without every law). */
#ifndef TAILTILT_LAW_H
#define TAILTILT_LAW_H

#include "tailtilt.h"

typedef struct tt_law {
    int kind;
    const char *name;
    const char *shape_key;     /* the shape parameter's key; NULL: none */
    double shape_default;      /* NAN: required */
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
    /* Exact-reference hooks, NULL where quadrature serves: log E[exp(s X)]
     * and the tilted mean (mean may be NULL), and E[X; X >= t] (of X itself). */
    int (*log_mgf)(const tt_dist *d, double s, double *logm, double *mean);
    int (*partial_mean)(const tt_dist *d, double t, double *out);
} tt_law;

/* The entry of a law kind, or NULL. */
const tt_law *tt_law_get(int kind);
/* 1 when every law of the model has a density. */
int tt_model_has_density(const tt_model *m);

#endif
