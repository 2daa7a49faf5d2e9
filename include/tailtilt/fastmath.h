/* fastmath.h: exp, log, expm1 and sin/cos/tan of pi*x written branch-free, so
 * that gcc vectorises the sampling and tilting loops: double (about 1e-16
 * relative) and float (about 1e-7, names ending in _f) from one text. */
#ifndef TAILTILT_FASTMATH_H
#define TAILTILT_FASTMATH_H

#include <math.h>
#include <stdint.h>
#include "defs.h"

/* Every function is a polynomial after an exact range reduction; the selects
 * are ternaries, which gcc if-converts under -fno-trapping-math. The same
 * text runs on the device, so both backends compute the same values (up to
 * the compiler's fused multiply-adds, and in float the device's hardware
 * reciprocal, square root and tail logarithm). */
#define TT_REAL_BODY "fastmath.h" /* in real/ */
#include "real/both.h"

#endif
