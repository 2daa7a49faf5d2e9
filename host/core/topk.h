/* topk.h: the k largest values seen, in a bounded min-heap: the set kept is
 * the same whatever order the values arrive in (ties are equal values). */
#ifndef TAILTILT_TOPK_H
#define TAILTILT_TOPK_H

#include <stdint.h>

static inline void tt_topk_sift_down(double *h, uint64_t n, uint64_t i)
{
    for (;;) {
        uint64_t l = 2 * i + 1, r = l + 1, s = i;
        if (l < n && h[l] < h[s]) s = l;
        if (r < n && h[r] < h[s]) s = r;
        if (s == i) return;
        double t = h[i]; h[i] = h[s]; h[s] = t;
        i = s;
    }
}

/* Offer x to a heap of *n values, capacity cap; h[0] is the smallest kept. */
static inline void tt_topk_offer(double *h, uint64_t *n, uint64_t cap, double x)
{
    if (*n < cap) {
        uint64_t i = (*n)++;
        h[i] = x;
        while (i > 0 && h[(i - 1) / 2] > h[i]) {
            uint64_t p = (i - 1) / 2;
            double t = h[i]; h[i] = h[p]; h[p] = t;
            i = p;
        }
    } else if (x > h[0]) {
        h[0] = x;
        tt_topk_sift_down(h, *n, 0);
    }
}

#endif
