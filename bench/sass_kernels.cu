/* sass_kernels.cu: straight-line per-sample micro-kernels for
 * bench/sass_bound.py, from the kernels' own headers, laws fixed at compile
 * time: one sample per thread, no loops. Each workload is measured as a
 * sample's draw plus its work for one and for two parameters, so that the
 * tool can add the 16 betas of W1 or the 17 thresholds of W2 without a
 * kernel holding them all (and spilling). State comes from and goes to
 * global memory, which the tool leaves out (the real kernels keep it in
 * registers). Built once per precision: -DSINGLE for float. */
#include "block_merge.cuh"
#include "real_ops.cuh"

#if defined(SINGLE)
typedef float R;
#else
typedef double R;
#endif
typedef Real<R>::O O;

/* W1: a sample's weights and sums for P betas. Single: the single kernel's
 * step (tt_tilt_thread_add's hot path, the state in registers). Double: the double
 * kernel's (the sample written to the shared tile, and for each beta its
 * thread reading it back and adding it, tt_tilt_add). */
#if defined(SINGLE)
template <int P>
__device__ void tilt_step(tt_model *m, tt_philox_key key, const float *state, float *out)
{
    uint32_t s = blockIdx.x * blockDim.x + threadIdx.x;
    O o = draw_outcome<R, TT_NORMAL, TT_NORMAL>(m, key, 1, 2, s, 0);
    tt_tilt_thread t;
    t.frame = state[0];
    t.umax = state[1];
    t.n = (uint32_t)state[2];
    tt_tilt_rates r;
    r.P = P; /* known here: the kernel's uniform exit at P is left out */
    TT_UNROLL for (int p = 0; p < TT_TILT_BETAS; ++p)
    {
        r.b2[p] = state[3 + p];
        t.sw[p] = state[20 + p];
        t.swv[p] = state[40 + p];
        t.swx[p] = state[60 + p];
        t.sw2[p] = state[80 + p];
    }
    /* the hot path: the frame test and the fold (the frame's rare move, a
     * few times per batch at most, is left out) */
    float u = o.x + o.v;
    if ((u - t.frame) * state[100] > TT_TILT_FRAME_JUMP)
        u = t.frame;
    tt_tilt_thread_fold(&t, &r, u, o.v, o.x);
    out[0] = t.frame;
    out[1] = t.umax;
    out[2] = (float)t.n;
    TT_UNROLL for (int p = 0; p < P; ++p)
    {
        out[4 * p + 3] = t.sw[p];
        out[4 * p + 4] = t.swv[p];
        out[4 * p + 5] = t.swx[p];
        out[4 * p + 6] = t.sw2[p];
    }
}
#else
template <int P>
__device__ void tilt_step(tt_model *m, tt_philox_key key, const double *state, double *out)
{
    __shared__ double su[128], sv[128], sx[128];
    uint32_t s = blockIdx.x * blockDim.x + threadIdx.x;
    O o = draw_outcome<R, TT_NORMAL, TT_NORMAL>(m, key, 1, 2, s, 0);
    su[threadIdx.x] = o.x + o.v;
    sv[threadIdx.x] = o.v;
    sx[threadIdx.x] = o.x;
    __syncthreads();
    TT_UNROLL for (int p = 0; p < P; ++p)
    {
        const double *st = state + 16 * p;
        tt_tilt_acc a = {(uint64_t)st[0], st[1], st[2], st[3], st[4], st[5], st[6], st[7], st[8], st[9], st[10],
                         st[11], st[12]};
        int i = (threadIdx.x + 32 * p) & 127;
        /* the hot path of tt_tilt_add: the frame test and the weight's sums
         * (the frame's rare move is left out) */
        double lw = su[i] * state[200 + p];
        lw = lw > a.shift ? a.shift : lw;
        tt_tilt_add_weight(&a, tt_exp(lw - a.shift), su[i], sv[i], sx[i]);
        double *o = out + 16 * p;
        o[0] = (double)a.n, o[1] = a.sw, o[2] = a.swu, o[3] = a.swv, o[4] = a.swx, o[5] = a.sw2, o[6] = a.sw2u;
        o[7] = a.sw2v, o[8] = a.sw2x, o[9] = a.sw2uu, o[10] = a.sw2vv, o[11] = a.sw2xx, o[12] = a.shift;
    }
}
#endif
extern "C" __global__ void tilt1(tt_model m, tt_philox_key key, const R *state, R *out) { tilt_step<1>(&m, key, state, out); }
extern "C" __global__ void tilt2(tt_model m, tt_philox_key key, const R *state, R *out) { tilt_step<2>(&m, key, state, out); }

/* W2: a sample into the shared tile, then each of P thresholds' threads
 * reading it (one vector load) and adding it to its sums when it is at or
 * above (the tile kernel's Exceed<R>). */
template <int P>
__device__ void exceed_step(tt_model *m, tt_philox_key key, const R *state, R *out)
{
    struct alignas(4 * sizeof(R)) S { R y, u, v, x; };
    __shared__ S tile[128];
    uint32_t s = blockIdx.x * blockDim.x + threadIdx.x;
    O o = draw_outcome<R, TT_STUDENT_T, TT_NORMAL>(m, key, 1, 2, s, 0);
    R u = o.x + o.v;
    tile[threadIdx.x] = S{u, u, o.v, o.x};
    __syncthreads();
    TT_UNROLL for (int p = 0; p < P; ++p)
    {
        int i = (threadIdx.x + 32 * p) & 127;
        /* the thread's partial sums, kept in registers by the real kernel, go
         * through memory here (as their own type: no conversions counted) */
        typedef typename Real<R>::ExceedPart Part;
        Part a = reinterpret_cast<const Part *>(state)[p];
        S t = tile[i];
        Real<R>::exceed_add(&a, state[100 + p], t.y, t.u, t.v, t.x);
        reinterpret_cast<Part *>(out)[p] = a;
    }
}
extern "C" __global__ void exceed1(tt_model m, tt_philox_key key, const R *state, R *out) { exceed_step<1>(&m, key, state, out); }
extern "C" __global__ void exceed2(tt_model m, tt_philox_key key, const R *state, R *out) { exceed_step<2>(&m, key, state, out); }

/* W3: one outcome of a tournament, drawn and compared with the lane's best. */
extern "C" __global__ void tournament(tt_model m, tt_philox_key key, const R *state, R *out)
{
    uint32_t s = blockIdx.x * blockDim.x + threadIdx.x;
    typename Real<R>::Best b = {state[0], state[1], state[2], (uint32_t)state[3]};
    O o = draw_outcome<R, TT_STUDENT_T, TT_NORMAL>(&m, key, 1, 2, 7, s * 2);
    Real<R>::best_offer(&b, o.x + o.v, o.v, o.x, s);
    out[0] = b.u, out[1] = b.v, out[2] = b.x, out[3] = (R)b.j;
}
