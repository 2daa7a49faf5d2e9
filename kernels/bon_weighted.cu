/* bon_weighted.cu: the weighted best-of-N estimator on the device, in double:
 * one set of S samples (drawn as on the host, with importance weights under
 * a proposal), sorted by U with CUB's radix sort (the 16 replicate sets by a
 * segmented sort), the weight above each sample by a fixed-partition scan
 * (once per sorted set), then sum_i (F_i^N - F_(i-1)^N) f_(i) per N, reduced
 * in fixed order. */
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_segmented_radix_sort.cuh>
#include <math.h>
#include "block_steps.h"
#include "cuda_check.cuh"
#include "tailtilt/bon_weight.h"
#include "tt_cuda.h"

#define RBLOCK 256

__global__ void draw_kernel(tt_model m, tt_philox_key key, uint32_t point, uint64_t S, tt_proposal prop, int unit,
                            double *u, double *v, double *x, double *w, uint32_t *idx)
{
    uint64_t i = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= S)
        return;
    uint32_t chunk = (uint32_t)(i / TT_CHUNK_SAMPLES), s = (uint32_t)(i % TT_CHUNK_SAMPLES);
    tt_outcome o = tt_model_draw(&m, key, point, chunk, s, 0);
    double wt = 1.0;
    if (!unit) {
        tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(point, chunk, s, tt_model_calls(&m)), key);
        o = tt_proposal_draw(&prop, &m, o, tt_u01_from_bits(r.v[0], r.v[1]), tt_u01_from_bits(r.v[2], r.v[3]), &wt);
    }
    u[i] = o.x + o.v;
    v[i] = o.v;
    x[i] = o.x;
    w[i] = wt;
    idx[i] = (uint32_t)i;
}

/* The weights of one sorted set, from the top: wr[k] = w of the k-th largest. */
__global__ void reverse_weights(const uint32_t *order, uint64_t n, const double *w, double *wr)
{
    uint64_t k = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (k < n)
        wr[k] = w[order[n - 1 - k]];
}

/* Block partial sums of w_a u, w_a v, w_a x and of the count of samples in the
 * top 10/N of the mass, over the n sorted samples order[0..n). above[k] is the
 * (unnormalised) weight above the k-th largest; W the total; unit: F = i/n. */
__global__ void __launch_bounds__(RBLOCK) weighted_kernel(const uint32_t *order, uint64_t n, const double *u,
                                                          const double *v, const double *x, const double *w,
                                                          const double *above, double W, double N, int unit,
                                                          double *partials)
{
    __shared__ double red[4][RBLOCK];
    uint64_t a = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x; /* ascending index */
    double c[4] = {0, 0, 0, 0};
    if (a < n) {
        uint32_t j = order[a];
        double dn = (double)n, i = (double)(a + 1), wt, up;
        if (unit) {
            up = (dn - i) / dn;
            wt = tt_bon_weight_unit(i, dn, N);
        } else {
            up = above[n - 1 - a] / W;
            wt = tt_bon_weight(up, w[j] / W, N);
        }
        c[0] = wt * u[j];
        c[1] = wt * v[j];
        c[2] = wt * x[j];
        c[3] = up < 10.0 / N ? 1.0 : 0.0;
    }
    for (int q = 0; q < 4; ++q)
        red[q][threadIdx.x] = c[q];
    __syncthreads();
    for (int s = RBLOCK / 2; s > 0; s /= 2) { /* a fixed tree */
        if (threadIdx.x < s)
            for (int q = 0; q < 4; ++q)
                red[q][threadIdx.x] += red[q][threadIdx.x + s];
        __syncthreads();
    }
    if (threadIdx.x == 0)
        for (int q = 0; q < 4; ++q)
            partials[(uint64_t)blockIdx.x * 4 + q] = red[q][0];
}

/* ---- the fixed-partition scan (block_steps.h) ---- */

/* Each block's exclusive scan of its TT_SCAN_BLOCK elements, and its total. */
__global__ void __launch_bounds__(TT_SCAN_BLOCK / 2) scan_blocks(const double *in, uint64_t n, double *out,
                                                                 double *totals)
{
    __shared__ double a[TT_SCAN_BLOCK];
    uint64_t base = (uint64_t)blockIdx.x * TT_SCAN_BLOCK;
    for (int i = threadIdx.x; i < TT_SCAN_BLOCK; i += blockDim.x)
        a[i] = base + i < n ? in[base + i] : 0.0;
    __syncthreads();
    for (int d = 1; d < TT_SCAN_BLOCK; d <<= 1) {
        tt_scan_up(a, TT_SCAN_BLOCK, d, threadIdx.x, blockDim.x);
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        totals[blockIdx.x] = a[TT_SCAN_BLOCK - 1];
        a[TT_SCAN_BLOCK - 1] = 0.0;
    }
    __syncthreads();
    for (int d = TT_SCAN_BLOCK / 2; d > 0; d >>= 1) {
        tt_scan_down(a, TT_SCAN_BLOCK, d, threadIdx.x, blockDim.x);
        __syncthreads();
    }
    for (int i = threadIdx.x; i < TT_SCAN_BLOCK; i += blockDim.x)
        if (base + i < n)
            out[base + i] = a[i];
}

/* The blocks' totals scanned in place (exclusive) by one block: each thread
 * sums its fixed range, the range sums are scanned, each range is written. */
__global__ void __launch_bounds__(TT_SCAN_THREADS) scan_totals(double *totals, uint64_t nblocks)
{
    __shared__ double a[TT_SCAN_THREADS];
    uint64_t first, end;
    tt_scan_range(nblocks, threadIdx.x, &first, &end);
    double sum = 0.0;
    for (uint64_t i = first; i < end; ++i)
        sum += totals[i];
    a[threadIdx.x] = sum;
    __syncthreads();
    for (int d = 1; d < TT_SCAN_THREADS; d <<= 1) {
        tt_scan_up(a, TT_SCAN_THREADS, d, threadIdx.x, TT_SCAN_THREADS);
        __syncthreads();
    }
    if (threadIdx.x == 0)
        a[TT_SCAN_THREADS - 1] = 0.0;
    __syncthreads();
    for (int d = TT_SCAN_THREADS / 2; d > 0; d >>= 1) {
        tt_scan_down(a, TT_SCAN_THREADS, d, threadIdx.x, TT_SCAN_THREADS);
        __syncthreads();
    }
    double run = a[threadIdx.x];
    for (uint64_t i = first; i < end; ++i) {
        double t = totals[i];
        totals[i] = run;
        run += t;
    }
}

__global__ void scan_offsets(double *out, uint64_t n, const double *offsets)
{
    uint64_t i = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] += offsets[i / TT_SCAN_BLOCK];
}

/* out = the exclusive prefix sums of in[0..n); totals: n / TT_SCAN_BLOCK + 1
 * doubles of scratch. */
static int fixed_scan(const double *in, uint64_t n, double *out, double *totals, char *msg)
{
    int st = TT_OK;
    uint64_t nblocks = (n + TT_SCAN_BLOCK - 1) / TT_SCAN_BLOCK;
    scan_blocks<<<(unsigned)nblocks, TT_SCAN_BLOCK / 2>>>(in, n, out, totals);
    scan_totals<<<1, TT_SCAN_THREADS>>>(totals, nblocks);
    scan_offsets<<<(unsigned)((n + 255) / 256), 256>>>(out, n, totals);
    TT_CUDA_CHECK(cudaGetLastError(), "scan of the weights");
done:
    return st;
}

/* The weight above each sample of one sorted set (order[0..n)), from the
 * top, and the set's total weight W: once per set, whatever the N. */
static int set_above(const uint32_t *order, uint64_t n, const double *w, double *wr, double *above, double *totals,
                     double *W, char *msg)
{
    int st = TT_OK;
    reverse_weights<<<(unsigned)((n + RBLOCK - 1) / RBLOCK), RBLOCK>>>(order, n, w, wr);
    if ((st = fixed_scan(wr, n, above, totals, msg)) != TT_OK)
        return st;
    double last_above, last_w;
    TT_CUDA_CHECK(cudaMemcpy(&last_above, above + n - 1, sizeof last_above, cudaMemcpyDeviceToHost), "copy");
    TT_CUDA_CHECK(cudaMemcpy(&last_w, wr + n - 1, sizeof last_w, cudaMemcpyDeviceToHost), "copy");
    *W = last_above + last_w;
done:
    return st;
}

/* The sums of one sorted set (order[0..n)) for best of N: out[0..3) and near. */
static int set_sums(const uint32_t *order, uint64_t n, const double *u, const double *v, const double *x,
                    const double *w, const double *above, double W, double *dpart, double *hpart, int unit, double N,
                    double out[3], uint64_t *near, char *msg)
{
    int st = TT_OK;
    unsigned blocks = (unsigned)((n + RBLOCK - 1) / RBLOCK);
    weighted_kernel<<<blocks, RBLOCK>>>(order, n, u, v, x, w, above, unit ? (double)n : W, N, unit, dpart);
    TT_CUDA_CHECK(cudaGetLastError(), "weighted sums");
    TT_CUDA_CHECK(cudaMemcpy(hpart, dpart, sizeof(double) * 4 * blocks, cudaMemcpyDeviceToHost), "copy of the sums");
    {
        double s[4] = {0, 0, 0, 0};
        for (unsigned b = 0; b < blocks; ++b)
            for (int q = 0; q < 4; ++q)
                s[q] += hpart[(size_t)b * 4 + q];
        out[0] = s[0];
        out[1] = s[1];
        out[2] = s[2];
        *near = (uint64_t)s[3];
    }
done:
    return st;
}

extern "C" int tt_cuda_bon_weighted(const tt_model *m, tt_philox_key key, uint32_t point, uint64_t S,
                                    const tt_proposal *prop, const double *Ns, int nN, int R, double *full,
                                    double *rep, uint64_t *near, char *msg)
{
    int st = TT_OK, unit = prop->kind == TT_PROPOSAL_NONE;
    double *u = NULL, *v = NULL, *x = NULL, *w = NULL, *keys = NULL, *wr = NULL, *above = NULL, *dpart = NULL;
    double *totals = NULL, W = 0;
    double *hpart = NULL;
    uint32_t *idx = NULL, *order = NULL;
    int *offsets = NULL;
    void *tmp = NULL;
    size_t tmp_bytes = 0, b1 = 0, b2 = 0;
    uint64_t per = S / (uint64_t)R, nblocks = (S + RBLOCK - 1) / RBLOCK;
    int hoff[65];
    /* CUB's sorts index with int, and the replicate offsets live in hoff */
    if (R < 1 || R > 64 || S >= (uint64_t)INT32_MAX) {
        snprintf(msg, TT_MSG_LEN, "weighted best-of-N on the GPU takes 1 to 64 replicate sets and fewer than 2^31 "
                 "samples (got %d and %llu)", R, (unsigned long long)S);
        return TT_EINVAL;
    }
    TT_CUDA_CHECK(cudaMalloc((void **)&u, sizeof(double) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&v, sizeof(double) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&x, sizeof(double) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&w, sizeof(double) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&keys, sizeof(double) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&wr, sizeof(double) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&above, sizeof(double) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&idx, sizeof(uint32_t) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&order, sizeof(uint32_t) * S), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&dpart, sizeof(double) * 4 * nblocks), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&offsets, sizeof(int) * (R + 1)), "cudaMalloc");
    TT_CUDA_CHECK(cudaMalloc((void **)&totals, sizeof(double) * (S / TT_SCAN_BLOCK + 1)), "cudaMalloc");
    hpart = (double *)malloc(sizeof(double) * 4 * nblocks);
    if (!hpart) {
        snprintf(msg, TT_MSG_LEN, "out of memory for %llu partial sums", (unsigned long long)nblocks);
        st = TT_ENOMEM;
        goto done;
    }
    draw_kernel<<<(unsigned)nblocks, RBLOCK>>>(*m, key, point, S, *prop, unit, u, v, x, w, idx);
    TT_CUDA_CHECK(cudaGetLastError(), "drawing the samples");
    /* scratch for CUB: the largest of the three uses */
    TT_CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortPairs(NULL, b1, u, keys, idx, order, (int)(per * R), R, offsets,
                                                offsets + 1), "sort sizing");
    TT_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(NULL, b2, u, keys, idx, order, (int)S), "sort sizing");
    tmp_bytes = b1 > b2 ? b1 : b2;
    TT_CUDA_CHECK(cudaMalloc(&tmp, tmp_bytes), "cudaMalloc of the sort scratch");
    for (int r = 0; r <= R; ++r)
        hoff[r] = (int)(per * (uint64_t)r);
    TT_CUDA_CHECK(cudaMemcpy(offsets, hoff, sizeof(int) * (R + 1), cudaMemcpyHostToDevice), "copy of the offsets");
    /* the replicate sets: contiguous ranges of the sample order, sorted apart */
    b1 = tmp_bytes;
    TT_CUDA_CHECK(cub::DeviceSegmentedRadixSort::SortPairs(tmp, b1, u, keys, idx, order, (int)(per * R), R, offsets,
                                                offsets + 1), "segmented sort");
    for (int r = 0; r < R && !st; ++r) {
        const uint32_t *set = order + per * (uint64_t)r;
        if (!unit)
            st = set_above(set, per, w, wr, above, totals, &W, msg);
        for (int g = 0; g < nN && !st; ++g) {
            uint64_t nr;
            st = set_sums(set, per, u, v, x, w, above, W, dpart, hpart, unit, Ns[g],
                          &rep[((size_t)r * (size_t)nN + (size_t)g) * 3], &nr, msg);
        }
    }
    if (st)
        goto done;
    /* the full set */
    b2 = tmp_bytes;
    TT_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(tmp, b2, u, keys, idx, order, (int)S), "sort");
    if (!unit)
        st = set_above(order, S, w, wr, above, totals, &W, msg);
    for (int g = 0; g < nN && !st; ++g)
        st = set_sums(order, S, u, v, x, w, above, W, dpart, hpart, unit, Ns[g], &full[(size_t)g * 3], &near[g], msg);
done:
    cudaFree(u), cudaFree(v), cudaFree(x), cudaFree(w), cudaFree(keys), cudaFree(wr), cudaFree(above);
    cudaFree(idx), cudaFree(order), cudaFree(dpart), cudaFree(offsets), cudaFree(tmp), cudaFree(totals);
    free(hpart);
    return st;
}
