/* bon_weight.h: the weight of one sorted sample in the weighted best-of-N
 * estimator, F_i^N - F_(i-1)^N, written once for both backends. */
#ifndef TAILTILT_BON_WEIGHT_H
#define TAILTILT_BON_WEIGHT_H

#include <math.h>
#include "defs.h"

/* Without importance weights: F_i = i/n exactly, i the 1-based rank. */
TT_FUNCTION double tt_bon_weight_unit(double i, double n, double N)
{
    return exp(N * log(i / n)) * -expm1(N * log1p(-1.0 / i));
}

/* With weights: `above` is the normalised weight strictly above the sample,
 * m its own; F_i = 1 - above, F_(i-1) = 1 - above - m. Zero where F_i^N is
 * below e^-745 (nothing there contributes). */
TT_FUNCTION double tt_bon_weight(double above, double m, double N)
{
    double hi = N * log1p(-above); /* log F_i^N */
    double lo = above + m >= 1 ? -INFINITY : N * log1p(-(above + m));
    return hi < -745.0 ? 0.0 : exp(hi) * -expm1(lo - hi);
}

#endif
