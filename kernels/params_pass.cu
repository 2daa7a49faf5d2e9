/* params_pass.cu: one sample pass, many parameters: each block draws a tile
 * of outcomes into shared memory, then each parameter (a beta to tilt by, a
 * threshold to exceed) folds the tile in on its own group of threads. */
#include <math.h>
#include "block_merge.cuh"
#include "cuda_check.cuh"
#include "scratch.cuh"

#define TILE 256

struct Tilt {
    typedef tt_tilt_acc Acc;
    __device__ static void add(Acc *a, double param, double y, double u, double v, double x)
    {
        (void)y;
        tt_tilt_add(a, u * param, u, v, x);
    }
};

struct Exceed {
    typedef tt_sums3 Acc;
    __device__ static void add(Acc *a, double param, double y, double u, double v, double x)
    {
        if (y >= param)
            tt_sums3_add(a, u, v, x);
    }
};

#define MINE 8                  /* largest U each thread keeps, for k-hat */
#define CAND (MINE * TILE)      /* candidates a block sorts per chunk */

/* Persistent grid over the chunks of the block range; L = 256/P threads per
 * parameter, each taking every L-th sample of a tile. With topk > 0 (tilt's
 * k-hat), each chunk also writes its topk largest U (decreasing) to
 * topk_out[b * topk ...], and flags it when a thread's 8 kept values all
 * reach the chunk's topk-th (a 9th may then be missing). */
template <typename K>
__global__ void __launch_bounds__(TILE) params_kernel(tt_model m, tt_philox_key key, uint32_t point, uint32_t chunk0,
                                                      uint32_t nchunks, uint64_t total, const double *params, int P,
                                                      int y_is_error, typename K::Acc *partials, double *topk_out,
                                                      int topk, int *topk_flag)
{
    typedef typename K::Acc Acc;
    __shared__ double su[TILE], sv[TILE], sx[TILE];
    /* the block reduce and the k-hat candidates share this memory, in turn */
    __shared__ __align__(16) unsigned char raw[sizeof(Acc) * TILE > sizeof(double) * CAND ? sizeof(Acc) * TILE
                                                                                       : sizeof(double) * CAND];
    Acc *red = (Acc *)raw;
    int L = P >= TILE ? 1 : TILE / P;
    int p = threadIdx.x / L, sub = threadIdx.x % L;
    bool active = p < P;
    double param = active ? params[p] : 0.0;
    for (uint32_t b = blockIdx.x; b < nchunks; b += gridDim.x) {
        uint32_t chunk = chunk0 + b;
        uint32_t count = tt_chunk_items(chunk, TT_CHUNK_SAMPLES, total);
        Acc acc;
        tt_acc_init(&acc);
        double mine[MINE]; /* decreasing */
        for (int j = 0; j < MINE; ++j)
            mine[j] = -INFINITY;
        for (uint32_t base = 0; base < count; base += TILE) {
            uint32_t n = min((uint32_t)TILE, count - base);
            if (threadIdx.x < n) {
                tt_outcome o = tt_model_draw(&m, key, point, chunk, base + threadIdx.x, 0);
                double u = o.x + o.v;
                su[threadIdx.x] = u;
                sv[threadIdx.x] = o.v;
                sx[threadIdx.x] = o.x;
                if (topk)
                    tt_thread_top_offer<MINE>(mine, u);
            }
            __syncthreads();
            if (active)
                for (uint32_t i = sub; i < n; i += L)
                    K::add(&acc, param, y_is_error ? sx[i] : su[i], su[i], sv[i], sx[i]);
            __syncthreads();
        }
        if (topk) {
            int suspect = tt_block_topk<MINE, TILE>(mine, (double *)raw, topk, topk_out + (uint64_t)b * topk);
            if (threadIdx.x == 0)
                topk_flag[b] = suspect;
            __syncthreads();
        }
        red[threadIdx.x] = acc;
        __syncthreads();
        if (active && sub == 0) {
            tt_block_merge_run(&red[threadIdx.x], L);
            partials[(uint64_t)b * P + p] = red[threadIdx.x];
        }
        __syncthreads();
    }
}

/* Each chunk's batch sums, from its own accumulators, before they merge. */
__global__ void batch_kernel(const tt_tilt_acc *partials, uint64_t n, tt_batch_sums *batch)
{
    uint64_t k = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (k < n)
        tt_batch_of_chunk(&batch[k], &partials[k]);
}

template <typename K>
static int run_block(tt_cuda_scratch *s, const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk0,
                     int level, uint64_t total, const double *params, int P, int y_is_error, void *out,
                     tt_batch_sums *batch_out, double *topk_host, int topk, int *flags_host, char *msg)
{
    typedef typename K::Acc Acc;
    uint32_t nchunks = 1u << level;
    uint64_t cells = (uint64_t)nchunks * (uint64_t)P;
    int st = tt_device_reserve(&s->partials, sizeof(Acc) * cells, "cudaMalloc of the partials", msg);
    if (st == TT_OK)
        st = tt_device_reserve(&s->params, sizeof(double) * TT_CUDA_MAX_PARAMS, "cudaMalloc of the parameters", msg);
    if (st == TT_OK && topk > 0)
        st = tt_device_reserve(&s->topk, sizeof(double) * (size_t)topk * nchunks, "cudaMalloc of the k-hat lists", msg);
    if (st == TT_OK && topk > 0)
        st = tt_device_reserve(&s->flags, sizeof(int) * nchunks, "cudaMalloc of the k-hat flags", msg);
    if (st == TT_OK && batch_out)
        st = tt_device_reserve(&s->batch, sizeof(tt_batch_sums) * cells, "cudaMalloc of the batch sums", msg);
    if (st != TT_OK)
        return st;
    Acc *part = (Acc *)s->partials.ptr;
    double *dparams = (double *)s->params.ptr, *dtopk = (double *)s->topk.ptr;
    int *dflags = (int *)s->flags.ptr;
    tt_batch_sums *dbatch = (tt_batch_sums *)s->batch.ptr;
    TT_CUDA_CHECK(cudaMemcpy(dparams, params, sizeof(double) * (size_t)P, cudaMemcpyHostToDevice),
                  "copy of the parameters");
    params_kernel<K><<<tt_persistent_grid(nchunks, 8), TILE>>>(*m, key, point, chunk0, nchunks, total, dparams, P,
                                                                y_is_error, part, dtopk, topk, dflags);
    TT_CUDA_CHECK(cudaGetLastError(), "sampling kernel launch");
    if (topk > 0) {
        TT_CUDA_CHECK(cudaMemcpy(topk_host, dtopk, sizeof(double) * (size_t)topk * nchunks, cudaMemcpyDeviceToHost),
                      "copy of the k-hat candidates");
        TT_CUDA_CHECK(cudaMemcpy(flags_host, dflags, sizeof(int) * nchunks, cudaMemcpyDeviceToHost),
                      "copy of the k-hat flags");
    }
    if (batch_out) /* tilt: the chunks' batch sums, merged in the same tree */
        batch_kernel<<<(unsigned)((cells + 255) / 256), 256>>>((const tt_tilt_acc *)part, cells, dbatch);
    tt_grid_merge_tree<Acc>(part, P, nchunks);
    if (batch_out)
        tt_grid_merge_tree<tt_batch_sums>(dbatch, P, nchunks);
    TT_CUDA_CHECK(cudaGetLastError(), "merge kernel launch");
    if (batch_out)
        TT_CUDA_CHECK(cudaMemcpy(batch_out, dbatch, sizeof(tt_batch_sums) * (size_t)P, cudaMemcpyDeviceToHost),
                      "copy of the batch sums");
    TT_CUDA_CHECK(cudaMemcpy(out, part, sizeof(Acc) * (size_t)P, cudaMemcpyDeviceToHost), "sampling kernel");
done:
    return st;
}

extern "C" int tt_cuda_params_block(tt_cuda_scratch *s, int kind, const tt_model *m, tt_philox_key key,
                                    uint32_t point, uint32_t chunk0, int level, uint64_t total, const double *params,
                                    int P, int y_is_error, void *out, tt_batch_sums *batch, double *topk_out,
                                    int topk, int *topk_flag, char *msg)
{
    if (topk < 0 || topk > TT_CUDA_MAX_TOPK || (topk > 0 && kind != 0)) {
        snprintf(msg, TT_MSG_LEN, "tt_cuda_params_block: %d largest values per chunk out of range", topk);
        return TT_EINVAL;
    }
    if (P < 1 || P > TT_CUDA_MAX_PARAMS || level < 0 || level > TT_CUDA_MAX_LEVEL) {
        snprintf(msg, TT_MSG_LEN, "tt_cuda_params_block: %d parameters, level %d out of range", P, level);
        return TT_EINVAL;
    }
    return kind == 0 ? run_block<Tilt>(s, m, key, point, chunk0, level, total, params, P, y_is_error, out, batch,
                                       topk_out, topk, topk_flag, msg)
                     : run_block<Exceed>(s, m, key, point, chunk0, level, total, params, P, y_is_error, out, NULL,
                                         NULL, 0, NULL, msg);
}
