/* normal_quantile.h: the standard normal quantile from a two-sided uniform:
 * Wichura's AS 241 in double, fitted polynomials in float. */
#ifndef TAILTILT_NORMAL_QUANTILE_H
#define TAILTILT_NORMAL_QUANTILE_H

#include <math.h>
#include "fastmath.h"
#include "uniform.h"

/* |u - 1/2| up to which the central formula applies, per precision. */
#define TT_NORMAL_CENTRAL 0.425
#define TT_NORMAL_CENTRAL_f 0.4993f /* w = -log(1 - 4 c^2) <= 5.9: the fit's range is [0, 6] */

#define TT_REAL_BODY "normal_quantile.h" /* in real/ */
#include "real/both.h"

#endif
