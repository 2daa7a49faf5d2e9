/* scratch.cuh: the device memory of a run, one object that the caller
 * creates before its passes and destroys after: buffers grow on demand and
 * are never static, so two runs (or two threads) never share them. */
#ifndef TAILTILT_SCRATCH_CUH
#define TAILTILT_SCRATCH_CUH

#include "tt_cuda.h"

typedef struct {
    void *ptr;
    size_t bytes;
} tt_device_buffer;

struct tt_cuda_scratch {
    tt_device_buffer partials;  /* per-chunk accumulators of a block (each pass kind in turn) */
    tt_device_buffer params;    /* betas or thresholds */
    tt_device_buffer batch;     /* tilt: per-chunk batch sums */
    tt_device_buffer topk;      /* k-hat candidates of a block's chunks */
    tt_device_buffer bounds;    /* k-hat: per chunk, the largest value it may have dropped */
    tt_device_buffer spreads;   /* best-of-N: per-chunk spreads */
    tt_device_buffer data[2];   /* empirical laws' data: the error's, the utility's */
};

/* At least `bytes` in b (grown, contents lost); TT_OK or a status with msg. */
int tt_device_reserve(tt_device_buffer *b, size_t bytes, const char *what, char *msg);

#endif
