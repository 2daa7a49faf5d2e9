/* tt_cuda.h: the C interface of the CUDA kernels: a device probe, the run's
 * scratch object (owned by the caller), and one call per aligned block of
 * 2^level chunks, which returns that block's accumulators already merged in
 * the engine's tree shape (host/core/engine.c). Every call returns a tt_status
 * and fills msg on failure. */
#ifndef TAILTILT_TT_CUDA_H
#define TAILTILT_TT_CUDA_H

#include <stddef.h>
#include "tailtilt/accum.h"
#include "tailtilt/draw.h"
#include "tailtilt/proposal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest block of chunks one call handles: 2^12 chunks, 2^28 samples. */
#define TT_CUDA_MAX_LEVEL 12
/* Parameters (betas or thresholds) one call handles; single-precision
 * tilting holds its betas in registers, TT_TILT_BETAS of them (block_steps.h). */
#define TT_CUDA_MAX_PARAMS 256
#define TT_CUDA_SINGLE_BETAS 16
/* Largest values a chunk reports for k-hat (of the 2048 its threads keep). */
#define TT_CUDA_MAX_TOPK 1024

/* 1 with the current device's name when a CUDA device is usable: a context
 * is created on it and this binary has an image (or PTX) its kernels can run
 * on; else 0 with the reason in msg. Initialises CUDA: call it in the
 * process that will use it. */
int tt_cuda_probe(char *name, size_t len, char *msg);
/* Makes device (index modulo the device count) current; no-op without devices. */
void tt_cuda_select(int index);
/* The name of the current device (after tt_cuda_select), or "" without one. */
void tt_cuda_current_name(char *name, size_t len);

/* The device memory of one run: created before its first pass, destroyed
 * after its last; what the block calls need grows inside it. */
typedef struct tt_cuda_scratch tt_cuda_scratch;
int tt_cuda_scratch_create(tt_cuda_scratch **s, char *msg);
void tt_cuda_scratch_destroy(tt_cuda_scratch *s);
/* A copy of the model whose empirical laws read device copies of their data
 * (held by s). */
int tt_cuda_device_model(tt_cuda_scratch *s, const tt_model *host, tt_model *dev, char *msg);

/* Tilt (kind 0: params are 1/beta; out holds P tt_tilt_acc, or in single
 * precision P tt_tilt_bacc, P <= TT_TILT_BETAS; batch, if not NULL, P batch
 * sums of the block's chunks; with topk > 0, topk_out gets each chunk's topk
 * largest U, decreasing, and topk_bound[chunk] the largest value one of its
 * threads may have dropped) or exceedance sums (kind 1: out holds P tt_sums3
 * of the samples with y >= params[p], y = X when y_is_error else U) over
 * chunks [chunk0, chunk0 + 2^level) of a pass of `total` samples; single:
 * the samples drawn in float. */
int tt_cuda_params_block(tt_cuda_scratch *s, int kind, int single, const tt_model *m, tt_philox_key key,
                         uint32_t point, uint32_t chunk0, int level, uint64_t total, const double *params, int P,
                         int y_is_error, void *out, tt_batch_sums *batch, double *topk_out, int topk,
                         double *topk_bound, char *msg);

/* Best-of-n tournaments: trials [chunk0 * tpc, ...) of `trials` in chunks of
 * tpc trials, 2^level chunks; out: the block's sums of (U*, V*, X*); spread:
 * the sums of its chunks' E[V*]; single: outcomes drawn and compared in float. */
int tt_cuda_bon_block(tt_cuda_scratch *s, int single, const tt_model *m, tt_philox_key key, uint32_t point,
                      uint32_t chunk0, int level, uint64_t trials, uint32_t n, uint32_t tpc, tt_sums3 *out,
                      tt_spread *spread, char *msg);

/* An importance-sampled pass for threshold t (proposal.h), in double: the
 * block's weighted sums below and at or above t (of X when y_is_error, else
 * of U), and with topk > 0 each chunk's topk largest weights at or above t
 * and the largest weight one of its threads may have dropped. */
int tt_cuda_is_block(tt_cuda_scratch *s, const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk0,
                     int level, uint64_t total, const tt_proposal *prop, double t, int y_is_error, tt_is_split *out,
                     double *topk_out, int topk, double *topk_bound, char *msg);

/* The weighted best-of-N estimator on the device: S samples of stream
 * `point` (importance-weighted under prop unless its kind is none), sorted
 * by U; full[g][f], rep[r][g][f] (R replicate sets of S/R consecutive
 * samples) and near[g] as the CPU computes them. S < 2^31. Its memory lives
 * for the call only. */
int tt_cuda_bon_weighted(const tt_model *m, tt_philox_key key, uint32_t point, uint64_t S, const tt_proposal *prop,
                         const double *Ns, int nN, int R, double *full, double *rep, uint64_t *near, char *msg);

/* The device's Philox4x32-10 on n counters (the GPU test compares it with the host's). */
int tt_cuda_philox(tt_philox_key key, const tt_philox_ctr *ctr, int n, tt_philox_ctr *out, char *msg);

#ifdef __cplusplus
}
#endif

#endif
