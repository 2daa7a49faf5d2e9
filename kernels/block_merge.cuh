/* block_merge.cuh: block- and grid-level reductions of the accumulators of
 * accum.h, in a fixed order (run-to-run deterministic, no atomics), over the
 * steps of block_steps.h; and the grid's size from the kernel's occupancy. */
#ifndef TAILTILT_BLOCK_MERGE_CUH
#define TAILTILT_BLOCK_MERGE_CUH

#include <stdlib.h>
#include "block_steps.h"

__device__ inline void tt_acc_init(tt_tilt_acc *a) { tt_tilt_init(a); }
__device__ inline void tt_acc_init(tt_sums3 *a) { tt_sums3_init(a); }
__device__ inline void tt_acc_init(tt_is_split *a) { tt_is_split_init(a); }
__device__ inline void tt_acc_init(tt_tilt_bacc *a) { tt_tilt_bacc_init(a); }
__device__ inline void tt_acc_merge(tt_tilt_acc *d, const tt_tilt_acc *s) { tt_tilt_merge(d, s); }
__device__ inline void tt_acc_merge(tt_sums3 *d, const tt_sums3 *s) { tt_sums3_merge(d, s); }
__device__ inline void tt_acc_merge(tt_batch_sums *d, const tt_batch_sums *s) { tt_batch_merge(d, s); }
__device__ inline void tt_acc_merge(tt_spread *d, const tt_spread *s) { tt_spread_merge(d, s); }
__device__ inline void tt_acc_merge(tt_is_split *d, const tt_is_split *s) { tt_is_split_merge(d, s); }
__device__ inline void tt_acc_merge(tt_tilt_bacc *d, const tt_tilt_bacc *s) { tt_tilt_bacc_merge(d, s); }

/* Descending bitonic sort of N (a power of two) doubles in shared memory by
 * the THREADS threads of the block, all of which must call it. */
template <int N, int THREADS>
__device__ inline void tt_block_sort_desc(double *a)
{
    for (int size = 2; size <= N; size <<= 1)
        for (int stride = size >> 1; stride > 0; stride >>= 1) {
            tt_bitonic_phase(a, N, size, stride, threadIdx.x, THREADS);
            __syncthreads();
        }
}

/* A chunk's k-hat candidates: the threads' lists (TT_MINE each) sorted in
 * `cand` (TT_MINE * THREADS doubles of shared memory), the first topk to
 * out; `bounds` (THREADS doubles of shared memory) gets the threads' bounds
 * and, in bounds[0], their largest: what the chunk may have dropped (the
 * host compares it with the pass's cut). Every thread must call it. */
template <int THREADS>
__device__ inline void tt_block_topk(const double *mine, double *cand, double *bounds, int topk, double *out)
{
    tt_topk_load(mine, cand, bounds, threadIdx.x);
    __syncthreads();
    tt_block_sort_desc<TT_MINE * THREADS, THREADS>(cand);
    for (int i = threadIdx.x; i < topk; i += THREADS)
        out[i] = cand[i];
    for (int stride = THREADS / 2; stride > 0; stride >>= 1) {
        tt_max_step(bounds, stride, threadIdx.x, THREADS);
        __syncthreads();
    }
}

/* Merge `count` consecutive accumulators of shared memory into `first`, left
 * to right (the order is that of the sample subsets, fixed for a build). */
template <typename Acc>
__device__ inline void tt_block_merge_run(Acc *first, int count)
{
    for (int k = 1; k < count; ++k)
        tt_acc_merge(first, first + k);
}

/* A pairwise tree over the THREADS accumulators of shared memory `a` into
 * a[0] (a fixed tree: 0+1, 2+3, ..., then 0+2, ...). Every thread calls it. */
template <typename Acc, int THREADS>
__device__ inline void tt_block_merge_tree(Acc *a)
{
    for (int step = 1; step < THREADS; step <<= 1) {
        int i;
        if (tt_tree_pair(step, threadIdx.x, THREADS, &i))
            tt_acc_merge(&a[i], &a[i + step]);
        __syncthreads();
    }
}

/* Pairwise tree over 2^level accumulators of P parameters each, in place
 * (tt_merge_pair): the shape of the host's merge stack for an aligned block. */
template <typename Acc>
__global__ void tt_grid_merge_step(Acc *acc, int P, uint32_t nblocks, uint32_t step)
{
    uint64_t k = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x, left, right;
    if (tt_merge_pair(k, P, nblocks, step, &left, &right))
        tt_acc_merge(&acc[left], &acc[right]);
}

/* Launches the tree: after it, block 0 holds the merge of all. */
template <typename Acc>
inline void tt_grid_merge_tree(Acc *acc, int P, uint32_t nblocks)
{
    for (uint32_t step = 1; step < nblocks; step *= 2) {
        uint64_t work = (uint64_t)(nblocks / (2 * step)) * (uint64_t)P;
        tt_grid_merge_step<Acc><<<(unsigned)((work + 255) / 256), 256>>>(acc, P, nblocks, step);
    }
}

/* A persistent grid: as many blocks of `threads` as the kernel's occupancy
 * lets every multiprocessor hold at once, at most one per chunk.
 * TT_CUDA_GRID_BLOCKS overrides it (a test's check that the records do not
 * depend on the grid). */
template <typename Kernel>
inline uint32_t tt_occupancy_grid(Kernel kernel, int threads, size_t smem, uint32_t nchunks)
{
    const char *force = getenv("TT_CUDA_GRID_BLOCKS");
    uint32_t cap = force && atoi(force) > 0 ? (uint32_t)atoi(force) : 0;
    if (!cap) {
        int dev = 0, sms = 0, per_sm = 0;
        bool ok = cudaGetDevice(&dev) == cudaSuccess &&
                  cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev) == cudaSuccess &&
                  cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, kernel, threads, smem) == cudaSuccess;
        if (!ok) /* a query that failed leaves no error behind for the launch check after it */
            (void)cudaGetLastError();
        cap = ok && sms > 0 && per_sm > 0 ? (uint32_t)(per_sm * sms) : 1024u;
    }
    return nchunks < cap ? nchunks : cap;
}

#endif
