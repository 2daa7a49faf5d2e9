/* defs.h: compiler glue shared by host and device code, and the status codes.
 * TT_FUNCTION marks the per-sample math that gcc and nvcc both compile. */
#ifndef TAILTILT_DEFS_H
#define TAILTILT_DEFS_H

#include <stdint.h>

/* Always inlined on the host: the per-sample functions only vectorise inside
 * the tile loops once inlined there, and gcc's size heuristics would keep the
 * larger ones (tt_pow, tt_exp) out of line. */
#if defined(__CUDACC__)
#define TT_FUNCTION static inline __host__ __device__
#elif defined(__GNUC__)
#define TT_FUNCTION static inline __attribute__((always_inline))
#else
#define TT_FUNCTION static inline
#endif

/* Before a loop of constant trip count whose array indices must be constants
 * on the device (registers, not local memory): nvcc unrolls it fully. */
#if defined(__CUDACC__)
#define TT_UNROLL _Pragma("unroll")
#else
#define TT_UNROLL
#endif

/* 1 when compiled for the device (nvcc's device pass), 0 otherwise. */
#if defined(__CUDA_ARCH__)
#define TT_DEVICE_COMPILE 1
#else
#define TT_DEVICE_COMPILE 0
#endif

/* Status codes: library functions return one of these and fill a message. */
typedef enum {
    TT_OK = 0,
    TT_EINVAL = 1,   /* bad input: spec, parameter, grid, option */
    TT_EIO = 2,      /* a file could not be read or written */
    TT_ENOMEM = 3,   /* allocation failed */
    TT_EUNSUP = 4,   /* not available in this build or for this input */
    TT_ENUMERIC = 5, /* a reference computation did not converge */
    TT_SERVED = 6,   /* not a failure: this process computed a range of a pass's
                        chunks for another (MPI), and the records are made there */
    TT_EDEVICE = 7   /* the GPU failed (a CUDA error other than out of memory) */
} tt_status;

#define TT_MSG_LEN 512

#endif
