/* uniform.h: a 64-bit integer turned into a uniform on (0,1) that resolves
 * 2^-64 at both ends, so that no sampler loses its tail to rounding. */
#ifndef TAILTILT_UNIFORM_H
#define TAILTILT_UNIFORM_H

#include "fastmath.h"

#define TT_TWO_M64 5.421010862427522170037e-20 /* 2^-64 */

/* tt_u01 and tt_u01_f: the smallest p or q is 2^-65, so a quantile transform
 * reaches probability 2.7e-20 in either tail, below the 1e-18 bound of
 * docs/design.md, in both precisions. */
#define TT_REAL_BODY "uniform.h" /* in real/ */
#include "real/both.h"

#endif
