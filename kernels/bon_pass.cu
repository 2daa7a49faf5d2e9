/* bon_pass.cu: best-of-N tournaments: a warp per trial, lanes drawing every
 * 32nd outcome (in float or double), a shuffle argmax (first draw wins
 * ties), per-warp sums in double merged in warp order, blocks merged in the
 * engine's tree. */
#include <math.h>
#include "block_merge.cuh"
#include "cuda_check.cuh"
#include "real_ops.cuh"
#include "scratch.cuh"

#define WARPS 8
#ifdef TT_BON_MIN_BLOCKS /* blocks per multiprocessor the registers must allow; unset: the compiler's choice */
#define TT_BON_BOUNDS __launch_bounds__(32 * WARPS, TT_BON_MIN_BLOCKS)
#else
#define TT_BON_BOUNDS __launch_bounds__(32 * WARPS)
#endif

template <typename R, int EK, int UK>
__global__ void TT_BON_BOUNDS bon_kernel(tt_model m, tt_philox_key key, uint32_t point,
                                                         uint32_t chunk0, uint32_t nchunks, uint64_t trials,
                                                         uint32_t n, uint32_t tpc, tt_sums3 *partials,
                                                         tt_spread *spreads)
{
    __shared__ tt_sums3 red[WARPS];
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    uint32_t calls = tt_model_calls(&m);
    for (uint32_t b = blockIdx.x; b < nchunks; b += gridDim.x) {
        uint32_t chunk = chunk0 + b;
        uint32_t count = tt_chunk_items(chunk, tpc, trials);
        tt_sums3 acc;
        tt_sums3_init(&acc);
        for (uint32_t t = warp; t < count; t += WARPS) {
            typedef typename Real<R>::Best Best;
            Best best;
            Real<R>::best_init(&best);
            for (uint32_t j = lane; j < n; j += 32) {
                typename Real<R>::O o = draw_outcome<R, EK, UK>(&m, key, point, chunk, t, j * calls);
                Real<R>::best_offer(&best, o.x + o.v, o.v, o.x, j);
            }
            for (int off = 16; off > 0; off /= 2) {
                Best o;
                o.u = __shfl_down_sync(0xffffffffu, best.u, off);
                o.v = __shfl_down_sync(0xffffffffu, best.v, off);
                o.x = __shfl_down_sync(0xffffffffu, best.x, off);
                o.j = __shfl_down_sync(0xffffffffu, best.j, off);
                Real<R>::best_take(&best, &o);
            }
            if (lane == 0)
                tt_sums3_add(&acc, (double)best.u, (double)best.v, (double)best.x);
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

template <typename R> struct LaunchBon {
    template <int EK, int UK>
    static void go(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk0, uint32_t nchunks,
                   uint64_t trials, uint32_t n, uint32_t tpc, tt_sums3 *part, tt_spread *spreads)
    {
        auto k = bon_kernel<R, EK, UK>;
        k<<<tt_occupancy_grid(k, 32 * WARPS, 0, nchunks), 32 * WARPS>>>(*m, key, point, chunk0, nchunks, trials, n,
                                                                         tpc, part, spreads);
    }
};

extern "C" int tt_cuda_bon_block(tt_cuda_scratch *s, int single, const tt_model *m, tt_philox_key key,
                                 uint32_t point, uint32_t chunk0, int level, uint64_t trials, uint32_t n, uint32_t tpc,
                                 tt_sums3 *out, tt_spread *spread, char *msg)
{
    if (level < 0 || level > TT_CUDA_MAX_LEVEL) {
        snprintf(msg, TT_MSG_LEN, "tt_cuda_bon_block: level %d out of range", level);
        return TT_EINVAL;
    }
    uint32_t nchunks = 1u << level;
    int st = tt_device_reserve(&s->partials, sizeof(tt_sums3) * nchunks, "cudaMalloc of the partials", msg);
    if (st == TT_OK)
        st = tt_device_reserve(&s->spreads, sizeof(tt_spread) * nchunks, "cudaMalloc of the spreads", msg);
    if (st != TT_OK)
        return st;
    tt_sums3 *part = (tt_sums3 *)s->partials.ptr;
    tt_spread *spreads = (tt_spread *)s->spreads.ptr;
    if (single)
        TT_LAW_PAIR_DISPATCH(m, (LaunchBon<float>::go<EK, UK>(m, key, point, chunk0, nchunks, trials, n, tpc, part,
                                                              spreads)));
    else
        TT_LAW_PAIR_DISPATCH(m, (LaunchBon<double>::go<EK, UK>(m, key, point, chunk0, nchunks, trials, n, tpc, part,
                                                               spreads)));
    TT_CUDA_CHECK(cudaGetLastError(), "best-of-N kernel launch");
    tt_grid_merge_tree<tt_sums3>(part, 1, nchunks);
    tt_grid_merge_tree<tt_spread>(spreads, 1, nchunks);
    TT_CUDA_CHECK(cudaGetLastError(), "merge kernel launch");
    TT_CUDA_CHECK(cudaMemcpy(out, part, sizeof *out, cudaMemcpyDeviceToHost), "best-of-N kernel");
    TT_CUDA_CHECK(cudaMemcpy(spread, spreads, sizeof *spread, cudaMemcpyDeviceToHost), "copy of the spread");
done:
    return st;
}
