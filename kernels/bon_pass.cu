/* bon_pass.cu: best-of-N tournaments: a warp per trial, lanes drawing every
 * 32nd outcome, a shuffle argmax (first draw wins ties), per-warp sums merged
 * in warp order, blocks merged in the engine's tree. */
#include <cuda_runtime.h>
#include <math.h>
#include <stdio.h>
#include "block_merge.cuh"
#include "tt_cuda.h"

#define WARPS 8

__global__ void __launch_bounds__(32 * WARPS) bon_kernel(tt_model m, tt_philox_key key, uint32_t point,
                                                         uint32_t chunk0, uint32_t nchunks, uint64_t trials,
                                                         uint32_t n, uint32_t tpc, tt_sums3 *partials,
                                                         tt_spread *spreads)
{
    __shared__ tt_sums3 red[WARPS];
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    uint32_t calls = tt_model_calls(&m);
    for (uint32_t b = blockIdx.x; b < nchunks; b += gridDim.x) {
        uint32_t chunk = chunk0 + b;
        uint64_t first = (uint64_t)chunk * tpc;
        uint32_t count = first >= trials ? 0 : (uint32_t)min((uint64_t)tpc, trials - first);
        tt_sums3 acc;
        tt_sums3_init(&acc);
        for (uint32_t t = warp; t < count; t += WARPS) {
            double ub = -INFINITY, vb = 0, xb = 0;
            uint32_t jb = 0xffffffffu;
            for (uint32_t j = lane; j < n; j += 32) {
                tt_outcome o = tt_model_draw(&m, key, point, chunk, t, j * calls);
                double u = o.x + o.v;
                if (u > ub) { ub = u; vb = o.v; xb = o.x; jb = j; }
            }
            for (int off = 16; off > 0; off /= 2) {
                double uo = __shfl_down_sync(0xffffffffu, ub, off), vo = __shfl_down_sync(0xffffffffu, vb, off),
                       xo = __shfl_down_sync(0xffffffffu, xb, off);
                uint32_t jo = __shfl_down_sync(0xffffffffu, jb, off);
                if (uo > ub || (uo == ub && jo < jb)) { ub = uo; vb = vo; xb = xo; jb = jo; }
            }
            if (lane == 0)
                tt_sums3_add(&acc, ub, vb, xb);
        }
        if (lane == 0)
            red[warp] = acc;
        __syncthreads();
        if (threadIdx.x == 0) {
            tt_block_merge_run(red, WARPS);
            partials[b] = red[0];
            tt_spread_init(&spreads[b]);
            if (red[0].n > 0)
                tt_spread_add(&spreads[b], red[0].sv / (double)red[0].n);
        }
        __syncthreads();
    }
}

static tt_sums3 *bscratch;
static tt_spread *sscratch;
static void free_bscratch(void)
{
    cudaFree(bscratch);
    cudaFree(sscratch);
}

extern "C" int tt_cuda_bon_block(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk0, int level,
                                 uint64_t trials, uint32_t n, uint32_t tpc, tt_sums3 *out, tt_spread *spread,
                                 char *msg)
{
    cudaError_t e;
    uint32_t nchunks = 1u << level;
    if (level < 0 || level > TT_CUDA_MAX_LEVEL) {
        snprintf(msg, 512, "tt_cuda_bon_block: level %d out of range", level);
        return 1;
    }
    if (!bscratch) {
        if ((e = cudaMalloc((void **)&bscratch, sizeof(tt_sums3) << TT_CUDA_MAX_LEVEL)) != cudaSuccess ||
            (e = cudaMalloc((void **)&sscratch, sizeof(tt_spread) << TT_CUDA_MAX_LEVEL)) != cudaSuccess) {
            snprintf(msg, 512, "CUDA cudaMalloc failed: %s", cudaGetErrorString(e));
            return 3;
        }
        atexit(free_bscratch);
    }
    uint32_t grid = tt_persistent_grid(nchunks, 8);
    bon_kernel<<<grid, 32 * WARPS>>>(*m, key, point, chunk0, nchunks, trials, n, tpc, bscratch, sscratch);
    tt_grid_merge_tree<tt_sums3>(bscratch, 1, nchunks);
    tt_grid_merge_tree<tt_spread>(sscratch, 1, nchunks);
    if ((e = cudaGetLastError()) != cudaSuccess || (e = cudaMemcpy(out, bscratch, sizeof *out, cudaMemcpyDeviceToHost)) != cudaSuccess ||
        (e = cudaMemcpy(spread, sscratch, sizeof *spread, cudaMemcpyDeviceToHost)) != cudaSuccess) {
        snprintf(msg, 512, "CUDA best-of-N kernel failed: %s", cudaGetErrorString(e));
        return 4;
    }
    return 0;
}
