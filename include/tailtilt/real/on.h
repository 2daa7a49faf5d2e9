/* on.h: the real type of one instantiation of a generic body (GSL's
 * templates_on.h pattern): TT_REAL_DOUBLE 1 gives double, 0 gives float. */
#ifndef TT_REAL_DOUBLE
#error "define TT_REAL_DOUBLE (1: double, 0: float) before including real/on.h"
#endif

#if TT_REAL_DOUBLE
#define TT_REAL double
#define TT_R(name) name             /* the double names are the plain ones */
#define TT_UINT uint64_t            /* the integer of the same width */
#define TT_SINT int64_t
#define TT_MANT 52                  /* stored mantissa bits */
#define TT_BIAS 1023                /* exponent bias */
#define TT_ONE_BITS 0x3ff0000000000000ULL
#define TT_MANT_MASK 0x000fffffffffffffULL
#define TT_TWO_MANT 4503599627370496.0 /* 2^52 */
#define TT_TWO_MANT_BITS 0x4330000000000000ULL
#define TT_EXP_LO (-708.0)          /* exp underflows below, overflows above */
#define TT_EXP_HI 709.0
#define TT_LN2_HI_R 6.93147180369123816490e-01
#define TT_LN2_LO_R 1.90821492927058770002e-10
#define TT_SQRT sqrt
#define TT_FMA fma
#define TT_FABS fabs
#else
#define TT_REAL float
#define TT_R(name) name##_f
#define TT_UINT uint32_t
#define TT_SINT int32_t
#define TT_MANT 23
#define TT_BIAS 127
#define TT_ONE_BITS 0x3f800000u
#define TT_MANT_MASK 0x007fffffu
#define TT_TWO_MANT 8388608.0f
#define TT_TWO_MANT_BITS 0x4b000000u
#define TT_EXP_LO (-87.0f)
#define TT_EXP_HI 88.0f
#define TT_LN2_HI_R 6.93359375e-01f /* 9 bits: n * hi is exact for |n| < 2^15 */
#define TT_LN2_LO_R (-2.12194440e-04f)
#define TT_SQRT sqrtf
#define TT_FMA fmaf
#define TT_FABS fabsf
#endif

/* A constant in the instantiation's type (folded at compile time). */
#define TT_K(x) ((TT_REAL)(x))
