/* is_pass.cu: an importance-sampled pass for one threshold: every thread
 * draws its outcomes from the proposal (proposal.h) and keeps weighted sums
 * on each side of t; sums merged in thread order, then in the block tree. */
#include <cuda_runtime.h>
#include <stdio.h>
#include "block_merge.cuh"
#include "tt_cuda.h"

#define THREADS 128
#define CHUNK 65536u
#define MINE 8 /* largest weights at or above t each thread keeps, for k-hat */

__device__ inline void tt_acc_init(tt_is_pair *a)
{
    tt_is_part_init(&a->part[0]);
    tt_is_part_init(&a->part[1]);
}

__device__ inline void tt_acc_merge(tt_is_pair *d, const tt_is_pair *s)
{
    tt_is_part_merge(&d->part[0], &s->part[0]);
    tt_is_part_merge(&d->part[1], &s->part[1]);
}

__global__ void __launch_bounds__(THREADS) is_kernel(tt_model m, tt_philox_key key, uint32_t point, uint32_t chunk0,
                                                     uint32_t nchunks, uint64_t total, tt_proposal prop, double t,
                                                     int y_is_error, tt_is_pair *partials, double *topk_out, int topk,
                                                     int *topk_flag)
{
    __shared__ tt_is_pair red[THREADS]; /* also the k-hat candidates, in turn */
    uint32_t extra = tt_model_calls(&m); /* the proposal's uniforms: the next Philox call */
    for (uint32_t b = blockIdx.x; b < nchunks; b += gridDim.x) {
        uint32_t chunk = chunk0 + b;
        uint64_t start = (uint64_t)chunk * CHUNK;
        uint32_t count = start >= total ? 0 : (uint32_t)min((uint64_t)CHUNK, total - start);
        tt_is_pair acc;
        tt_acc_init(&acc);
        double mine[MINE];
        for (int j = 0; j < MINE; ++j)
            mine[j] = -INFINITY;
        for (uint32_t i = threadIdx.x; i < count; i += THREADS) {
            tt_outcome o = tt_model_draw(&m, key, point, chunk, i, 0);
            tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(point, chunk, i, extra), key);
            double w;
            o = tt_proposal_draw(&prop, &m, o, tt_u01_from_bits(r.v[0], r.v[1]), tt_u01_from_bits(r.v[2], r.v[3]), &w);
            double u = o.x + o.v;
            int hi = (y_is_error ? o.x : u) >= t;
            tt_is_part_add(&acc.part[hi], w, u, o.v, o.x);
            if (topk && hi)
                tt_thread_top_offer<MINE>(mine, w);
        }
        if (topk) {
            int suspect = tt_block_topk<MINE, THREADS>(mine, (double *)red, topk, topk_out + (uint64_t)b * topk);
            if (threadIdx.x == 0)
                topk_flag[b] = suspect;
            __syncthreads();
        }
        red[threadIdx.x] = acc;
        __syncthreads();
        if (threadIdx.x == 0) {
            for (int k = 1; k < THREADS; ++k)
                tt_acc_merge(&red[0], &red[k]);
            partials[b] = red[0];
        }
        __syncthreads();
    }
}

static tt_is_pair *iscratch;
static double *itopk;
static int *iflags;
static void free_iscratch(void)
{
    cudaFree(iscratch);
    cudaFree(itopk);
    cudaFree(iflags);
}

extern "C" int tt_cuda_is_block(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk0, int level,
                                uint64_t total, const tt_proposal *prop, double t, int y_is_error, tt_is_pair *out,
                                double *topk_host, int topk, int *flags_host, char *msg)
{
    cudaError_t e;
    uint32_t nchunks = 1u << level;
    if (level < 0 || level > TT_CUDA_MAX_LEVEL) {
        snprintf(msg, 512, "tt_cuda_is_block: level %d out of range", level);
        return 1;
    }
    if (topk < 0 || topk > MINE * THREADS) {
        snprintf(msg, 512, "tt_cuda_is_block: %d largest weights per chunk out of range", topk);
        return 1;
    }
    if (!iscratch) {
        if ((e = cudaMalloc((void **)&iscratch, sizeof(tt_is_pair) << TT_CUDA_MAX_LEVEL)) != cudaSuccess ||
            (e = cudaMalloc((void **)&itopk, sizeof(double) * ((size_t)MINE * THREADS << TT_CUDA_MAX_LEVEL))) !=
                cudaSuccess ||
            (e = cudaMalloc((void **)&iflags, sizeof(int) << TT_CUDA_MAX_LEVEL)) != cudaSuccess) {
            snprintf(msg, 512, "CUDA cudaMalloc failed: %s", cudaGetErrorString(e));
            return 3;
        }
        atexit(free_iscratch);
    }
    uint32_t grid = tt_persistent_grid(nchunks, 16);
    is_kernel<<<grid, THREADS>>>(*m, key, point, chunk0, nchunks, total, *prop, t, y_is_error, iscratch, itopk, topk,
                                 iflags);
    if (topk > 0 && ((e = cudaMemcpy(topk_host, itopk, sizeof(double) * (size_t)topk * nchunks,
                                     cudaMemcpyDeviceToHost)) != cudaSuccess ||
                     (e = cudaMemcpy(flags_host, iflags, sizeof(int) * nchunks, cudaMemcpyDeviceToHost)) != cudaSuccess)) {
        snprintf(msg, 512, "CUDA copy of the k-hat candidates failed: %s", cudaGetErrorString(e));
        return 4;
    }
    tt_grid_merge_tree<tt_is_pair>(iscratch, 1, nchunks);
    if ((e = cudaGetLastError()) != cudaSuccess || (e = cudaMemcpy(out, iscratch, sizeof *out, cudaMemcpyDeviceToHost)) != cudaSuccess) {
        snprintf(msg, 512, "CUDA importance-sampling kernel failed: %s", cudaGetErrorString(e));
        return 4;
    }
    return 0;
}
