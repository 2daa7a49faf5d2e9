/* cuda_check.cuh: one way to handle a CUDA error in the kernels' host code:
 * a failed call sets the caller's `st` and `msg` and jumps to its `done`. */
#ifndef TAILTILT_CUDA_CHECK_CUH
#define TAILTILT_CUDA_CHECK_CUH

#include <cuda_runtime.h>
#include <stdio.h>
#include "tailtilt/defs.h"

/* The status and message of a failed call: out of memory, or a device failure. */
static inline int tt_cuda_fail(cudaError_t e, const char *what, char *msg)
{
    snprintf(msg, TT_MSG_LEN, "CUDA %s failed: %s", what, cudaGetErrorString(e));
    /* A failed call also sets the runtime's last error, which the next job's
     * first launch check would read as its own (an out-of-memory job falling
     * back to the CPU would drag the next one with it): clear it. */
    (void)cudaGetLastError();
    return e == cudaErrorMemoryAllocation ? TT_ENOMEM : TT_EDEVICE;
}

#define TT_CUDA_CHECK(call, what)                                                                                 \
    do {                                                                                                          \
        cudaError_t e_ = (call);                                                                                  \
        if (e_ != cudaSuccess) {                                                                                  \
            st = tt_cuda_fail(e_, what, msg);                                                                     \
            goto done;                                                                                            \
        }                                                                                                         \
    } while (0)

#endif
