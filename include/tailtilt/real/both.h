/* both.h: instantiates the generic body named by TT_REAL_BODY (a file of
 * real/) twice, for double (plain names) and for float (names ending in _f):
 * one text, two precisions (docs/design.md, "Precision"). */
#ifndef TT_REAL_BODY
#error "define TT_REAL_BODY (a header path) before including real/both.h"
#endif

#define TT_REAL_DOUBLE 1
#include "on.h"
#include TT_REAL_BODY
#include "off.h"

#define TT_REAL_DOUBLE 0
#include "on.h"
#include TT_REAL_BODY
#include "off.h"

#undef TT_REAL_BODY
