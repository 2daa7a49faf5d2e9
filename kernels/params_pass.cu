/* params_pass.cu: one sample pass, many parameters (betas to tilt by,
 * thresholds to exceed). Double tilting and exceedances: each block draws a
 * tile of outcomes into shared memory, then each parameter folds the tile in
 * on its own group of threads. Single tilting: each thread draws its own
 * batch (TT_BATCH consecutive samples) and folds it into every beta in
 * registers; the batches merge in a fixed tree at the chunk's end. */
#include <math.h>
#include "block_merge.cuh"
#include "cuda_check.cuh"
#include "real_ops.cuh"
#include "scratch.cuh"

#define TILE 256 /* threads per block; samples per tile */
#define CAND (TT_MINE * TILE)
/* single exceedances: a thread's float partial sums hold at most this many
 * terms before they go into double */
#define FLUSH_TERMS 64u
/* blocks per multiprocessor the register allocation must allow (a build may
 * override them to compare occupancies: bench/RESULTS.md) */
#ifndef TT_TILT_MIN_BLOCKS
#define TT_TILT_MIN_BLOCKS 2
#endif
#ifdef TT_TILE_MIN_BLOCKS /* unset: the compiler's choice (a minimum of 1 is not that: more registers) */
#define TT_TILE_BOUNDS __launch_bounds__(TILE, TT_TILE_MIN_BLOCKS)
#else
#define TT_TILE_BOUNDS __launch_bounds__(TILE)
#endif

/* A tile's sample: the value compared (U, or X), U, V, X, aligned for one
 * 16-byte (float) or two (double) shared loads. */
template <typename R> struct alignas(4 * sizeof(R)) Sample {
    R y, u, v, x;
};

/* ---- double tilting and exceedances over shared tiles ----
 * K<R>::Part is what a thread adds samples to, K<R>::Acc what it flushes
 * that into (and what the block merges). */
template <typename R> struct Tilt {
    typedef tt_tilt_acc Acc;
    typedef tt_tilt_acc Part;
    __device__ static void init(Part *a) { tt_tilt_init(a); }
    __device__ static void add(Part *a, double param, R y, R u, R v, R x)
    {
        (void)y;
        tt_tilt_add(a, u * param, u, v, x);
    }
    __device__ static uint32_t terms(const Part *) { return 0; } /* double all through: never flushed early */
    __device__ static void flush(Acc *acc, Part *a)
    {
        tt_tilt_merge(acc, a);
        tt_tilt_init(a);
    }
};

/* Exceedance sums: in float, float partials flushed into double once they
 * hold FLUSH_TERMS terms (a bounded number of terms). */
template <typename R> struct Exceed {
    typedef tt_sums3 Acc;
    typedef typename Real<R>::ExceedPart Part;
    __device__ static void init(Part *a) { Real<R>::exceed_init(a); }
    __device__ static void add(Part *a, double param, R y, R u, R v, R x)
    {
        Real<R>::exceed_add(a, (R)param, y, u, v, x);
    }
    __device__ static uint32_t terms(const Part *a) { return sizeof(R) == sizeof(float) ? a->n : 0; }
    __device__ static void flush(Acc *acc, Part *a) { Real<R>::exceed_flush(acc, a); }
};

/* Persistent grid over the chunks of the block range; L = TILE/P threads per
 * parameter, each taking every L-th sample of a tile. With topk > 0 (double
 * tilting's k-hat), each chunk writes its topk largest U (decreasing) to
 * topk_out and the largest value any thread may have dropped to bound_out. */
template <template <typename> class K, typename R, int EK, int UK>
__global__ void TT_TILE_BOUNDS tile_kernel(tt_model m, tt_philox_key key, uint32_t point, uint32_t chunk0,
                                                    uint32_t nchunks, uint64_t total, const double *params, int P,
                                                    int y_is_error, typename K<R>::Acc *partials, double *topk_out,
                                                    int topk, double *bound_out)
{
    typedef typename K<R>::Acc Acc;
    typedef typename K<R>::Part Part;
    __shared__ Sample<R> tile[TILE]; /* one vector load per sample and parameter */
    /* the block reduce and the k-hat candidates share this memory, in turn */
    __shared__ __align__(16) unsigned char raw[sizeof(Acc) * TILE > sizeof(double) * (CAND + TILE)
                                                   ? sizeof(Acc) * TILE
                                                   : sizeof(double) * (CAND + TILE)];
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
        Part part;
        K<R>::init(&part);
        double mine[TT_MINE_SLOTS];
        tt_mine_init(mine);
        for (uint32_t base = 0; base < count; base += TILE) {
            uint32_t n = min((uint32_t)TILE, count - base);
            if (threadIdx.x < n) {
                typename Real<R>::O o = draw_outcome<R, EK, UK>(&m, key, point, chunk, base + threadIdx.x, 0);
                R u = o.x + o.v;
                tile[threadIdx.x] = Sample<R>{y_is_error ? o.x : u, u, o.v, o.x};
                if (topk)
                    tt_mine_offer(mine, (double)u);
            }
            __syncthreads();
            /* in segments of at most FLUSH_TERMS samples per thread, flushed before
             * one that could take the partials past FLUSH_TERMS terms (with many
             * thresholds a thread takes up to a whole tile) */
            if (active)
                for (uint32_t s0 = sub; s0 < n; s0 += L * FLUSH_TERMS) {
                    uint32_t s1 = min(n, s0 + L * FLUSH_TERMS);
                    if (K<R>::terms(&part) + (s1 - s0 + L - 1) / L > FLUSH_TERMS)
                        K<R>::flush(&acc, &part);
                    for (uint32_t i = s0; i < s1; i += L) {
                        Sample<R> e = tile[i];
                        K<R>::add(&part, param, e.y, e.u, e.v, e.x);
                    }
                }
            __syncthreads();
        }
        K<R>::flush(&acc, &part);
        if (topk) {
            double *cand = (double *)raw, *bounds = cand + CAND;
            tt_block_topk<TILE>(mine, cand, bounds, topk, topk_out + (uint64_t)b * topk);
            if (threadIdx.x == 0)
                bound_out[b] = bounds[0];
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

/* ---- single tilting: a batch per thread, every beta in registers ----
 * Thread t draws samples t*TT_BATCH .. of the chunk (its batch), folds each
 * into every beta (tt_tilt_thread_add); at the chunk's end, beta by beta, the
 * batches merge in a fixed tree into the chunk's tt_tilt_bacc. A law pair
 * fixed at compile time fits two blocks per multiprocessor (128 registers). */
template <int EK, int UK>
__global__ void __launch_bounds__(TILE, EK == TT_ANY_LAW ? 1 : TT_TILT_MIN_BLOCKS) tilt_single_kernel(tt_model m, tt_philox_key key, uint32_t point,
                                                           uint32_t chunk0, uint32_t nchunks, uint64_t total,
                                                           const tt_tilt_rates rates, tt_tilt_bacc *partials,
                                                           double *topk_out, int topk, double *bound_out)
{
    __shared__ __align__(16) unsigned char raw[sizeof(tt_tilt_bacc) * TILE > sizeof(double) * (CAND + TILE)
                                                   ? sizeof(tt_tilt_bacc) * TILE
                                                   : sizeof(double) * (CAND + TILE)];
    tt_tilt_bacc *red = (tt_tilt_bacc *)raw;
    const int P = rates.P;
    for (uint32_t b = blockIdx.x; b < nchunks; b += gridDim.x) {
        uint32_t chunk = chunk0 + b;
        uint32_t count = tt_chunk_items(chunk, TT_CHUNK_SAMPLES, total);
        tt_tilt_thread t;
        tt_tilt_thread_init(&t);
        float minef[TT_MINE_SLOTS];
        tt_mine_init_f(minef);
        uint32_t first = threadIdx.x * TT_BATCH, end = min(first + TT_BATCH, count);
        for (uint32_t s = first; s < end; ++s) {
            tt_outcome_f o = draw_outcome<float, EK, UK>(&m, key, point, chunk, s, 0);
            float u = o.x + o.v;
            tt_tilt_thread_add(&t, &rates, u, o.v, o.x);
            if (topk)
                tt_mine_offer_f(minef, u);
        }
        if (topk) {
            double mine[TT_MINE_SLOTS], *cand = (double *)raw, *bounds = cand + CAND;
#pragma unroll
            for (int j = 0; j < TT_MINE_SLOTS; ++j)
                mine[j] = minef[j];
            tt_block_topk<TILE>(mine, cand, bounds, topk, topk_out + (uint64_t)b * topk);
            if (threadIdx.x == 0)
                bound_out[b] = bounds[0];
            __syncthreads();
        }
#pragma unroll
        for (int p = 0; p < TT_TILT_BETAS; ++p) {
            if (p < P) { /* the same for every thread: the barriers inside are reached by all */
                tt_tilt_thread_batch(&t, rates.b2, p, &red[threadIdx.x]);
                __syncthreads();
                tt_block_merge_tree<tt_tilt_bacc, TILE>(red);
                if (threadIdx.x == 0)
                    partials[(uint64_t)b * P + p] = red[0];
                __syncthreads();
            }
        }
    }
}

/* Each chunk's batch sums, from its own accumulators, before they merge
 * (tilting only: exceedances have none). */
__device__ inline void batch_of(tt_batch_sums *b, const tt_tilt_acc *a) { tt_batch_of_chunk(b, a); }
__device__ inline void batch_of(tt_batch_sums *b, const tt_tilt_bacc *a) { tt_batch_of_chunk_b(b, a); }
__device__ inline void batch_of(tt_batch_sums *b, const tt_sums3 *a) { (void)a; tt_batch_init(b); }

template <typename Acc>
__global__ void batch_kernel(const Acc *partials, uint64_t n, tt_batch_sums *batch)
{
    uint64_t k = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (k < n)
        batch_of(&batch[k], &partials[k]);
}

static_assert(TT_CUDA_SINGLE_BETAS == TT_TILT_BETAS, "the host's group of single-precision betas");
static_assert(TILE * TT_BATCH == TT_CHUNK_SAMPLES, "single tilting: a chunk is one batch per thread");

/* The kernel for the pass, its law pair and precision, launched on the
 * occupancy grid. */
template <typename Acc> struct Launch;

template <> struct Launch<tt_tilt_acc> {
    template <int EK, int UK>
    static void go(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk0, uint32_t nchunks,
                   uint64_t total, const double *params, int P, int y_is_error, tt_tilt_acc *part, double *topk_out,
                   int topk, double *bound_out)
    {
        (void)y_is_error;
        auto k = tile_kernel<Tilt, double, EK, UK>;
        k<<<tt_occupancy_grid(k, TILE, 0, nchunks), TILE>>>(*m, key, point, chunk0, nchunks, total, params, P, 0,
                                                             part, topk_out, topk, bound_out);
    }
};

template <> struct Launch<tt_tilt_bacc> {
    template <int EK, int UK>
    static void go(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk0, uint32_t nchunks,
                   uint64_t total, const tt_tilt_rates &rates, tt_tilt_bacc *part, double *topk_out, int topk,
                   double *bound_out)
    {
        auto k = tilt_single_kernel<EK, UK>;
        k<<<tt_occupancy_grid(k, TILE, 0, nchunks), TILE>>>(*m, key, point, chunk0, nchunks, total, rates, part,
                                                             topk_out, topk, bound_out);
    }
};

template <typename R> struct LaunchExceed {
    template <int EK, int UK>
    static void go(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk0, uint32_t nchunks,
                   uint64_t total, const double *params, int P, int y_is_error, tt_sums3 *part)
    {
        auto k = tile_kernel<Exceed, R, EK, UK>;
        k<<<tt_occupancy_grid(k, TILE, 0, nchunks), TILE>>>(*m, key, point, chunk0, nchunks, total, params, P,
                                                             y_is_error, part, NULL, 0, NULL);
    }
};

/* Copies a block's results back: the merged accumulators, and with topk the
 * chunks' lists and bounds; tilting also the chunks' batch sums. */
template <typename Acc>
static int finish_block(tt_cuda_scratch *s, uint32_t nchunks, int P, void *out, tt_batch_sums *batch_out,
                        double *topk_host, int topk, double *bounds_host, char *msg)
{
    int st = TT_OK;
    uint64_t cells = (uint64_t)nchunks * (uint64_t)P;
    Acc *part = (Acc *)s->partials.ptr;
    tt_batch_sums *dbatch = (tt_batch_sums *)s->batch.ptr;
    TT_CUDA_CHECK(cudaGetLastError(), "sampling kernel launch");
    if (topk > 0) {
        TT_CUDA_CHECK(cudaMemcpy(topk_host, s->topk.ptr, sizeof(double) * (size_t)topk * nchunks,
                                 cudaMemcpyDeviceToHost), "copy of the k-hat candidates");
        TT_CUDA_CHECK(cudaMemcpy(bounds_host, s->bounds.ptr, sizeof(double) * nchunks, cudaMemcpyDeviceToHost),
                      "copy of the k-hat bounds");
    }
    if (batch_out) /* tilt: the chunks' batch sums, merged in the same tree */
        batch_kernel<Acc><<<(unsigned)((cells + 255) / 256), 256>>>(part, cells, dbatch);
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

extern "C" int tt_cuda_params_block(tt_cuda_scratch *s, int kind, int single, const tt_model *m, tt_philox_key key,
                                    uint32_t point, uint32_t chunk0, int level, uint64_t total, const double *params,
                                    int P, int y_is_error, void *out, tt_batch_sums *batch, double *topk_out,
                                    int topk, double *topk_bound, char *msg)
{
    if (topk < 0 || topk > TT_CUDA_MAX_TOPK || (topk > 0 && kind != 0)) {
        snprintf(msg, TT_MSG_LEN, "tt_cuda_params_block: %d largest values per chunk out of range", topk);
        return TT_EINVAL;
    }
    int most = kind == 0 && single ? TT_TILT_BETAS : TT_CUDA_MAX_PARAMS;
    if (P < 1 || P > most || level < 0 || level > TT_CUDA_MAX_LEVEL) {
        snprintf(msg, TT_MSG_LEN, "tt_cuda_params_block: %d parameters, level %d out of range", P, level);
        return TT_EINVAL;
    }
    uint32_t nchunks = 1u << level;
    uint64_t cells = (uint64_t)nchunks * (uint64_t)P;
    size_t acc = kind == 1 ? sizeof(tt_sums3) : single ? sizeof(tt_tilt_bacc) : sizeof(tt_tilt_acc);
    int st = tt_device_reserve(&s->partials, acc * cells, "cudaMalloc of the partials", msg);
    if (st == TT_OK)
        st = tt_device_reserve(&s->params, sizeof(double) * TT_CUDA_MAX_PARAMS, "cudaMalloc of the parameters", msg);
    if (st == TT_OK && topk > 0)
        st = tt_device_reserve(&s->topk, sizeof(double) * (size_t)topk * nchunks, "cudaMalloc of the k-hat lists", msg);
    if (st == TT_OK && topk > 0)
        st = tt_device_reserve(&s->bounds, sizeof(double) * nchunks, "cudaMalloc of the k-hat bounds", msg);
    if (st == TT_OK && batch)
        st = tt_device_reserve(&s->batch, sizeof(tt_batch_sums) * cells, "cudaMalloc of the batch sums", msg);
    if (st != TT_OK)
        return st;
    double *dparams = (double *)s->params.ptr, *dtopk = (double *)s->topk.ptr, *dbound = (double *)s->bounds.ptr;
    if (!(kind == 0 && single)) /* single tilting takes its betas by value */
        TT_CUDA_CHECK(cudaMemcpy(dparams, params, sizeof(double) * (size_t)P, cudaMemcpyHostToDevice),
                      "copy of the parameters");
    if (kind == 0 && single) {
        tt_tilt_rates rates; /* from the host's parameters, passed by value */
        tt_tilt_rates_init(&rates, params, P, m->error.reach + m->utility.reach);
        TT_LAW_PAIR_DISPATCH(m, (Launch<tt_tilt_bacc>::go<EK, UK>(m, key, point, chunk0, nchunks, total, rates,
                                                                   (tt_tilt_bacc *)s->partials.ptr, dtopk, topk,
                                                                   dbound)));
        return finish_block<tt_tilt_bacc>(s, nchunks, P, out, batch, topk_out, topk, topk_bound, msg);
    }
    if (kind == 0) {
        TT_LAW_PAIR_DISPATCH(m, (Launch<tt_tilt_acc>::go<EK, UK>(m, key, point, chunk0, nchunks, total, dparams, P, 0,
                                                                  (tt_tilt_acc *)s->partials.ptr, dtopk, topk,
                                                                  dbound)));
        return finish_block<tt_tilt_acc>(s, nchunks, P, out, batch, topk_out, topk, topk_bound, msg);
    }
    if (single)
        TT_LAW_PAIR_DISPATCH(m, (LaunchExceed<float>::go<EK, UK>(m, key, point, chunk0, nchunks, total, dparams, P,
                                                                  y_is_error, (tt_sums3 *)s->partials.ptr)));
    else
        TT_LAW_PAIR_DISPATCH(m, (LaunchExceed<double>::go<EK, UK>(m, key, point, chunk0, nchunks, total, dparams, P,
                                                                   y_is_error, (tt_sums3 *)s->partials.ptr)));
    return finish_block<tt_sums3>(s, nchunks, P, out, NULL, NULL, 0, NULL, msg);
done:
    return st;
}
