/* khat.h: the PSIS k-hat of a pass's largest weights, one module for every
 * method and backend: how many values a pass keeps, the pool that gathers the
 * chunks' lists (and knows whether it may have missed one), the generalized
 * Pareto fit, and the record's verdict. */
#ifndef TAILTILT_KHAT_H
#define TAILTILT_KHAT_H

#include "tailtilt.h"

/* M + 1 values kept of a pass of `samples`: ceil(min(0.2 S, 3 sqrt S)) + 1. */
uint64_t tt_khat_keep(uint64_t samples);
/* A chunk's list of its largest values: the chunk's expected share of the
 * pass's top M + 1, four times over plus 64, at most `most`. */
int tt_khat_per_chunk(uint64_t samples, uint64_t keep, int most);

/* The largest values of a pass, gathered from chunk lists in any order. */
typedef struct {
    double *top;      /* a min-heap of the largest values offered, top[0] the smallest */
    uint64_t ntop, cap;
    double bound;     /* nothing above this was dropped (by a full list, or a device thread's) */
} tt_khat_pool;

int tt_khat_pool_init(tt_khat_pool *p, uint64_t samples);
void tt_khat_pool_free(tt_khat_pool *p);
/* One chunk's list of n values (any order); `full` when the list was at
 * capacity, `smallest` its smallest kept value then. */
void tt_khat_pool_offer(tt_khat_pool *p, const double *values, uint64_t n, int full, double smallest);
/* A value b above which nothing was dropped where the lists were made (on
 * the device: the largest last value of a thread's full list). */
void tt_khat_pool_bound(tt_khat_pool *p, double b);
/* A device chunk's list (per values, decreasing, -inf padded) and its bound:
 * the largest value one of its threads dropped. */
void tt_khat_pool_offer_device_list(tt_khat_pool *p, const double *list, int per, double bound);
/* The pool's values sorted decreasing, as tt_khat_of_tilt takes them (after
 * the last offer: the heap is gone). */
void tt_khat_pool_sort(tt_khat_pool *p);
/* 1 when the pool holds the pass's true top values: everything dropped lies
 * below the pool's cut (its smallest kept value); before tt_khat_pool_sort. */
int tt_khat_pool_exact(const tt_khat_pool *p);
/* After tt_khat_pool_sort: how many of the pool's values, largest first,
 * are surely the pass's own largest (all of them when it is exact, else
 * those above its bound, at or below which a list may have dropped one):
 * k-hat is fitted to these. */
uint64_t tt_khat_pool_certain(const tt_khat_pool *p);
/* After tt_khat_pool_sort: why no k-hat can be fitted (NULL when one can):
 * no pool (diagnostics off), or fewer than 6 certain values. */
const char *tt_khat_pool_missing(const tt_khat_pool *p);

/* Tilting: k-hat of the weights exp(U/beta) from the top U values, sorted
 * decreasing (m1 = M + 1 of them). */
double tt_khat_of_tilt(const double *top_desc, uint64_t m1, double beta);
/* Importance weights: k-hat of the top n weights (any order; sorted here). */
double tt_khat_of_weights(double *top, uint64_t n);
/* The record's k-hat, and its verdict: unreliable from min(1 - 1/log10 S,
 * 0.7), or, where `missing` says why there is no k-hat, unreliable for that:
 * the largest weights went unchecked. A k-hat of NaN with nothing missing
 * (the top weights all equal) gives no verdict. */
void tt_khat_judge(tt_record *r, double khat, uint64_t samples, const char *missing);

#endif
