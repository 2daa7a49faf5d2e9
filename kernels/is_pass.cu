/* is_pass.cu: an importance-sampled pass for one threshold, in double:
 * every thread draws its outcomes from the proposal (proposal.h) and keeps
 * weighted sums on each side of t; sums merged in thread order, then in the
 * block tree. */
#include "block_merge.cuh"
#include "cuda_check.cuh"
#include "scratch.cuh"

#define THREADS 128

__global__ void __launch_bounds__(THREADS) is_kernel(tt_model m, tt_philox_key key, uint32_t point, uint32_t chunk0,
                                                     uint32_t nchunks, uint64_t total, tt_proposal prop, double t,
                                                     int y_is_error, tt_is_split *partials, double *topk_out, int topk,
                                                     double *bound_out)
{
    /* the block reduce and the k-hat candidates share this memory, in turn */
    __shared__ __align__(16) unsigned char raw[sizeof(tt_is_split) * THREADS > sizeof(double) * (TT_MINE + 1) * THREADS
                                                   ? sizeof(tt_is_split) * THREADS
                                                   : sizeof(double) * (TT_MINE + 1) * THREADS];
    tt_is_split *red = (tt_is_split *)raw;
    uint32_t extra = tt_model_calls(&m); /* the proposal's uniforms: the next Philox call */
    for (uint32_t b = blockIdx.x; b < nchunks; b += gridDim.x) {
        uint32_t chunk = chunk0 + b;
        uint32_t count = tt_chunk_items(chunk, TT_CHUNK_SAMPLES, total);
        tt_is_split acc;
        tt_acc_init(&acc);
        double mine[TT_MINE_SLOTS];
        tt_mine_init(mine);
        for (uint32_t i = threadIdx.x; i < count; i += THREADS) {
            tt_outcome o = tt_model_draw(&m, key, point, chunk, i, 0);
            tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(point, chunk, i, extra), key);
            double w;
            o = tt_proposal_draw(&prop, &m, o, tt_u01_from_bits(r.v[0], r.v[1]), tt_u01_from_bits(r.v[2], r.v[3]), &w);
            double u = o.x + o.v;
            int hi = (y_is_error ? o.x : u) >= t;
            int xlead = y_is_error || o.x - prop.tail_x.center >= o.v - prop.tail_v.center;
            /* each part named, not indexed: a run-time index would put acc in local memory */
            if (!hi)
                tt_is_part_add(&acc.part[TT_IS_BELOW], w, u, o.v, o.x);
            else if (xlead)
                tt_is_part_add(&acc.part[TT_IS_XLEAD], w, u, o.v, o.x);
            else
                tt_is_part_add(&acc.part[TT_IS_VLEAD], w, u, o.v, o.x);
            if (topk && hi)
                tt_mine_offer(mine, w);
        }
        if (topk) {
            double *cand = (double *)raw, *bounds = cand + TT_MINE * THREADS;
            tt_block_topk<THREADS>(mine, cand, bounds, topk, topk_out + (uint64_t)b * topk);
            if (threadIdx.x == 0)
                bound_out[b] = bounds[0];
            __syncthreads();
        }
        red[threadIdx.x] = acc;
        __syncthreads();
        if (threadIdx.x == 0) {
            tt_block_merge_run(red, THREADS);
            partials[b] = red[0];
        }
        __syncthreads();
    }
}

extern "C" int tt_cuda_is_block(tt_cuda_scratch *s, const tt_model *m, tt_philox_key key, uint32_t point,
                                uint32_t chunk0, int level, uint64_t total, const tt_proposal *prop, double t,
                                int y_is_error, tt_is_split *out, double *topk_host, int topk, double *bounds_host,
                                char *msg)
{
    if (level < 0 || level > TT_CUDA_MAX_LEVEL) {
        snprintf(msg, TT_MSG_LEN, "tt_cuda_is_block: level %d out of range", level);
        return TT_EINVAL;
    }
    if (topk < 0 || topk > TT_MINE * THREADS) {
        snprintf(msg, TT_MSG_LEN, "tt_cuda_is_block: %d largest weights per chunk out of range", topk);
        return TT_EINVAL;
    }
    uint32_t nchunks = 1u << level;
    int st = tt_device_reserve(&s->partials, sizeof(tt_is_split) * nchunks, "cudaMalloc of the partials", msg);
    if (st == TT_OK && topk > 0)
        st = tt_device_reserve(&s->topk, sizeof(double) * (size_t)topk * nchunks, "cudaMalloc of the k-hat lists", msg);
    if (st == TT_OK && topk > 0)
        st = tt_device_reserve(&s->bounds, sizeof(double) * nchunks, "cudaMalloc of the k-hat bounds", msg);
    if (st != TT_OK)
        return st;
    tt_is_split *part = (tt_is_split *)s->partials.ptr;
    double *dtopk = (double *)s->topk.ptr;
    double *dbounds = (double *)s->bounds.ptr;
    is_kernel<<<tt_occupancy_grid(is_kernel, THREADS, 0, nchunks), THREADS>>>(*m, key, point, chunk0, nchunks, total,
                                                                              *prop, t, y_is_error, part, dtopk, topk,
                                                                              dbounds);
    TT_CUDA_CHECK(cudaGetLastError(), "importance-sampling kernel launch");
    if (topk > 0) {
        TT_CUDA_CHECK(cudaMemcpy(topk_host, dtopk, sizeof(double) * (size_t)topk * nchunks, cudaMemcpyDeviceToHost),
                      "copy of the k-hat candidates");
        TT_CUDA_CHECK(cudaMemcpy(bounds_host, dbounds, sizeof(double) * nchunks, cudaMemcpyDeviceToHost),
                      "copy of the k-hat bounds");
    }
    tt_grid_merge_tree<tt_is_split>(part, 1, nchunks);
    TT_CUDA_CHECK(cudaGetLastError(), "merge kernel launch");
    TT_CUDA_CHECK(cudaMemcpy(out, part, sizeof *out, cudaMemcpyDeviceToHost), "importance-sampling kernel");
done:
    return st;
}
