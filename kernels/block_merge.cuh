/* block_merge.cuh: block- and warp-level merges of the accumulators of
 * accum.h, in a fixed order (run-to-run deterministic, no atomics). */
#ifndef TAILTILT_BLOCK_MERGE_CUH
#define TAILTILT_BLOCK_MERGE_CUH

#include "tailtilt/accum.h"

__device__ inline void tt_acc_init(tt_tilt_acc *a) { tt_tilt_init(a); }
__device__ inline void tt_acc_init(tt_sums3 *a) { tt_sums3_init(a); }
__device__ inline void tt_acc_merge(tt_tilt_acc *d, const tt_tilt_acc *s) { tt_tilt_merge(d, s); }
__device__ inline void tt_acc_merge(tt_sums3 *d, const tt_sums3 *s) { tt_sums3_merge(d, s); }
__device__ inline void tt_acc_merge(tt_batch_sums *d, const tt_batch_sums *s) { tt_batch_merge(d, s); }
__device__ inline void tt_acc_merge(tt_spread *d, const tt_spread *s) { tt_spread_merge(d, s); }
__device__ inline void tt_acc_init(tt_is_split *a) { tt_is_split_init(a); }
__device__ inline void tt_acc_merge(tt_is_split *d, const tt_is_split *s) { tt_is_split_merge(d, s); }

/* Descending bitonic sort of N (a power of two) doubles in shared memory by
 * the THREADS threads of the block, all of which must call it. */
template <int N, int THREADS>
__device__ inline void tt_block_sort_desc(double *a)
{
    for (int size = 2; size <= N; size <<= 1)
        for (int stride = size >> 1; stride > 0; stride >>= 1) {
            for (int i = threadIdx.x; i < N / 2; i += THREADS) {
                int lo = 2 * i - (i & (stride - 1)), hi = lo + stride;
                bool desc = (lo & size) == 0;
                double x = a[lo], y = a[hi];
                if ((x < y) == desc) {
                    a[lo] = y;
                    a[hi] = x;
                }
            }
            __syncthreads();
        }
}

/* A thread's K largest values, decreasing, in registers. */
template <int K>
__device__ inline void tt_thread_top_offer(double *mine, double u)
{
    if (!(u > mine[K - 1]))
        return;
    int j = K - 1;
    for (; j > 0 && mine[j - 1] < u; --j)
        mine[j] = mine[j - 1];
    mine[j] = u;
}

/* A chunk's topk largest of its threads' lists (K each, THREADS threads):
 * sorted in `cand` (K * THREADS doubles of shared memory), the first topk
 * written to out; returns (to every thread) whether a thread's list was full
 * of values that reach the topk-th, so that one may be missing. */
template <int K, int THREADS>
__device__ inline int tt_block_topk(const double *mine, double *cand, int topk, double *out)
{
    for (int j = 0; j < K; ++j)
        cand[threadIdx.x * K + j] = mine[j];
    __syncthreads();
    tt_block_sort_desc<K * THREADS, THREADS>(cand);
    for (int i = threadIdx.x; i < topk; i += THREADS)
        out[i] = cand[i];
    double kth = cand[topk - 1];
    int suspect = __syncthreads_or(mine[K - 1] > -INFINITY && mine[K - 1] >= kth);
    return suspect;
}

/* Merge `count` consecutive accumulators of shared memory into `first`, left
 * to right (the order is that of the sample subsets, fixed for a build). */
template <typename Acc>
__device__ inline void tt_block_merge_run(Acc *first, int count)
{
    for (int k = 1; k < count; ++k)
        tt_acc_merge(first, first + k);
}

/* Pairwise tree over 2^level accumulators of P parameters each, in place:
 * step s merges block i and i + s for i a multiple of 2s, which is the shape
 * of the host's merge stack for an aligned block of chunks. */
template <typename Acc>
__global__ void tt_grid_merge_step(Acc *acc, int P, uint32_t nblocks, uint32_t step)
{
    uint64_t k = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    uint64_t pairs = nblocks / (2 * step);
    if (k >= pairs * (uint64_t)P)
        return;
    uint64_t pair = k / (uint64_t)P, p = k % (uint64_t)P;
    uint64_t left = pair * 2 * step, right = left + step;
    tt_acc_merge(&acc[left * P + p], &acc[right * P + p]);
}

/* Launches the pairwise tree over 2^level blocks of P accumulators: after it,
 * block 0 holds the merge of all (in the host merge stack's shape). */
template <typename Acc>
inline void tt_grid_merge_tree(Acc *acc, int P, uint32_t nblocks)
{
    for (uint32_t step = 1; step < nblocks; step *= 2) {
        uint64_t work = (uint64_t)(nblocks / (2 * step)) * (uint64_t)P;
        tt_grid_merge_step<Acc><<<(unsigned)((work + 255) / 256), 256>>>(acc, P, nblocks, step);
    }
}

/* A persistent grid: at most per_sm blocks for each multiprocessor. */
inline uint32_t tt_persistent_grid(uint32_t nchunks, int per_sm)
{
    int dev = 0, sms = 0;
    cudaGetDevice(&dev);
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev);
    uint32_t cap = sms > 0 ? (uint32_t)(per_sm * sms) : 1024u;
    return nchunks < cap ? nchunks : cap;
}

#endif
