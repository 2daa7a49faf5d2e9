/* block_steps.h: the kernels' block-level logic as plain functions of a
 * thread's index and its block's shared arrays, so that a CPU test can run a
 * block thread by thread, in lockstep between barriers (tests/test_block.c):
 * the threads' top lists and their bound, a best-of-n trial's leader, a
 * thread's exceedance sums, the bitonic sort and max tree of a chunk's candidates, the scan's steps, the
 * merge tree's pairs, and a single-precision tilting thread's batch. */
#ifndef TAILTILT_BLOCK_STEPS_H
#define TAILTILT_BLOCK_STEPS_H

#include <math.h>
#include "tailtilt/accum.h"
#include "tailtilt/fastmath.h"

/* ---- a thread's largest values (k-hat candidates) ----
 * m[0..TT_MINE): the largest values offered, decreasing, -inf where empty;
 * m[TT_MINE]: the largest value the thread dropped (rejected, or pushed out
 * of the full list), the thread's bound: nothing above it is missing. In
 * double (or float: the _f list, for a single-precision kernel's registers).
 * Insertion is a max/min network over the list, every index fixed at
 * compile time (registers on the device, no local memory). */
#define TT_MINE 8
#define TT_MINE_SLOTS (TT_MINE + 1) /* the list and its bound */

#define TT_MINE_FUNCTIONS(T, S)                                                                                   \
    TT_FUNCTION void tt_mine_init##S(T *m)                                                                        \
    {                                                                                                             \
        TT_UNROLL for (int j = 0; j < TT_MINE_SLOTS; ++j) m[j] = -INFINITY;                                       \
    }                                                                                                             \
    TT_FUNCTION void tt_mine_offer##S(T *m, T u)                                                                  \
    {                                                                                                             \
        T x = u;                                                                                                  \
        if (u > m[TT_MINE - 1]) {                                                                                 \
            TT_UNROLL for (int j = 0; j < TT_MINE; ++j)                                                           \
            {                                                                                                     \
                T hi = m[j] > x ? m[j] : x;                                                                       \
                x = m[j] > x ? x : m[j];                                                                          \
                m[j] = hi;                                                                                        \
            }                                                                                                     \
        }                                                                                                         \
        m[TT_MINE] = x > m[TT_MINE] ? x : m[TT_MINE]; /* what fell off, or u itself */                             \
    }                                                                                                             \
    TT_FUNCTION double tt_mine_bound##S(const T *m) { return (double)m[TT_MINE]; }
TT_MINE_FUNCTIONS(double, )
TT_MINE_FUNCTIONS(float, _f)
#undef TT_MINE_FUNCTIONS

/* ---- a best-of-n trial's leader ----
 * The outcome with the largest U, the lowest draw index j among equals (the
 * CPU's rule). A lane offers its draws in increasing j, so a strict compare
 * keeps the first; the warp's tournament takes a lane's leader where it
 * beats its own (a shuffle tree on the device). */
#define TT_BEST_FUNCTIONS(T, S)                                                                                   \
    typedef struct { T u, v, x; uint32_t j; } tt_best##S;                                                         \
    TT_FUNCTION void tt_best_init##S(tt_best##S *b)                                                               \
    {                                                                                                             \
        b->u = -INFINITY;                                                                                         \
        b->v = b->x = 0;                                                                                          \
        b->j = 0xffffffffu;                                                                                       \
    }                                                                                                             \
    TT_FUNCTION void tt_best_offer##S(tt_best##S *b, T u, T v, T x, uint32_t j)                                   \
    {                                                                                                             \
        if (u > b->u) {                                                                                           \
            b->u = u;                                                                                             \
            b->v = v;                                                                                             \
            b->x = x;                                                                                             \
            b->j = j;                                                                                             \
        }                                                                                                         \
    }                                                                                                             \
    TT_FUNCTION void tt_best_take##S(tt_best##S *b, const tt_best##S *o)                                          \
    {                                                                                                             \
        if (o->u > b->u || (o->u == b->u && o->j < b->j))                                                         \
            *b = *o;                                                                                              \
    }
TT_BEST_FUNCTIONS(double, )
TT_BEST_FUNCTIONS(float, _f)
#undef TT_BEST_FUNCTIONS

/* ---- a thread's exceedance sums for one threshold ----
 * The samples with y >= t: their count and the sums of U, V, X and their
 * squares, in the real type of the pass (float partials are flushed into
 * the double tt_sums3 after a bounded number of terms). */
#define TT_EXCEED_FUNCTIONS(T, S)                                                                                 \
    typedef struct { uint32_t n; T su, sv, sx, suu, svv, sxx; } tt_exceed_part##S;                                \
    TT_FUNCTION void tt_exceed_init##S(tt_exceed_part##S *a)                                                      \
    {                                                                                                             \
        a->n = 0;                                                                                                 \
        a->su = a->sv = a->sx = a->suu = a->svv = a->sxx = 0;                                                     \
    }                                                                                                             \
    TT_FUNCTION void tt_exceed_add##S(tt_exceed_part##S *a, T t, T y, T u, T v, T x)                              \
    {                                                                                                             \
        if (y >= t) {                                                                                             \
            a->n += 1;                                                                                            \
            a->su += u;                                                                                           \
            a->sv += v;                                                                                           \
            a->sx += x;                                                                                           \
            a->suu += u * u;                                                                                      \
            a->svv += v * v;                                                                                      \
            a->sxx += x * x;                                                                                      \
        }                                                                                                         \
    }                                                                                                             \
    TT_FUNCTION void tt_exceed_flush##S(tt_sums3 *acc, tt_exceed_part##S *a)                                      \
    {                                                                                                             \
        tt_sums3 d = {a->n, a->su, a->sv, a->sx, a->suu, a->svv, a->sxx};                                         \
        tt_sums3_merge(acc, &d);                                                                                  \
        tt_exceed_init##S(a);                                                                                     \
    }
TT_EXCEED_FUNCTIONS(double, )
TT_EXCEED_FUNCTIONS(float, _f)
#undef TT_EXCEED_FUNCTIONS

/* Thread tid's list (TT_MINE values) into the chunk's candidates and its
 * bound into bounds[tid]: the first phase of a chunk's k-hat (tt_block_topk). */
TT_FUNCTION void tt_topk_load(const double *mine, double *cand, double *bounds, int tid)
{
    for (int j = 0; j < TT_MINE; ++j)
        cand[tid * TT_MINE + j] = mine[j];
    bounds[tid] = tt_mine_bound(mine);
}

/* ---- sorting a chunk's candidates, and the largest of the bounds ----
 * One phase (size, stride) of a descending bitonic sort of n = 2^k values,
 * as thread tid of `threads` does it; the phases run for size = 2, 4, ..., n
 * and, within each, stride = size/2, ..., 1, with a barrier after each. The
 * pairs of one phase are disjoint, so the threads' order does not matter. */
TT_FUNCTION void tt_bitonic_phase(double *a, int n, int size, int stride, int tid, int threads)
{
    for (int i = tid; i < n / 2; i += threads) {
        int lo = 2 * i - (i & (stride - 1)), hi = lo + stride;
        int desc = (lo & size) == 0;
        double x = a[lo], y = a[hi];
        if ((x < y) == desc) {
            a[lo] = y;
            a[hi] = x;
        }
    }
}

/* One step of a max tree over a[0..n): a[i] = max(a[i], a[i + stride]) for
 * i < stride; strides n/2, n/4, ..., 1 (n a power of two) leave it in a[0]. */
TT_FUNCTION void tt_max_step(double *a, int stride, int tid, int threads)
{
    for (int i = tid; i < stride; i += threads)
        a[i] = a[i] > a[i + stride] ? a[i] : a[i + stride];
}

/* ---- an exclusive prefix sum of n = 2^k doubles (Blelloch) ----
 * Up-sweep steps d = 1, 2, 4, ..., n/2, then a[n-1] = 0, then down-sweep
 * steps d = n/2, ..., 1; a barrier after each. A fixed tree: the result does
 * not depend on the threads' order or number. */
TT_FUNCTION void tt_scan_up(double *a, int n, int d, int tid, int threads)
{
    for (int i = tid; i < n / (2 * d); i += threads) {
        int r = (2 * i + 2) * d - 1;
        a[r] += a[r - d];
    }
}

TT_FUNCTION void tt_scan_down(double *a, int n, int d, int tid, int threads)
{
    for (int i = tid; i < n / (2 * d); i += threads) {
        int r = (2 * i + 2) * d - 1;
        double left = a[r - d];
        a[r - d] = a[r];
        a[r] += left;
    }
}

/* ---- a fixed-partition exclusive scan of n doubles over a grid ----
 * Elements are cut into blocks of TT_SCAN_BLOCK (the last one padded with
 * zeros); each block scans its own in shared memory (Blelloch, above) and
 * keeps its total; one block of TT_SCAN_THREADS threads scans the totals,
 * each thread a fixed contiguous range of them in turn; a last pass adds each
 * block's offset. Every sum has a fixed place in a fixed tree, so the result
 * is the same on every run and grid. */
#define TT_SCAN_BLOCK 512
#define TT_SCAN_THREADS 1024

/* The range of block totals thread tid of the totals' scan takes. */
TT_FUNCTION void tt_scan_range(uint64_t nblocks, int tid, uint64_t *first, uint64_t *end)
{
    uint64_t per = (nblocks + TT_SCAN_THREADS - 1) / TT_SCAN_THREADS;
    *first = per * (uint64_t)tid;
    *end = *first + per < nblocks ? *first + per : nblocks;
    if (*first > nblocks)
        *first = nblocks;
}

/* ---- the block merge tree ----
 * Step `step` (1, 2, 4, ...) of a pairwise tree over `threads` accumulators
 * into the first: thread tid merges slot *i + step into slot *i, *i = 2 tid
 * step, when it returns 1 (*i + step < threads). */
TT_FUNCTION int tt_tree_pair(int step, int tid, int threads, int *i)
{
    *i = tid * 2 * step;
    return *i + step < threads;
}

/* ---- the grid merge tree ----
 * Step `step` merges block `right` into block `left` for pair k / P of
 * parameter k % P; 0 when k is past the step's pairs. Steps 1, 2, 4, ... over
 * 2^level blocks give the host merge stack's shape for an aligned block. */
TT_FUNCTION int tt_merge_pair(uint64_t k, int P, uint32_t nblocks, uint32_t step, uint64_t *left, uint64_t *right)
{
    uint64_t pairs = nblocks / (2 * (uint64_t)step);
    if (k >= pairs * (uint64_t)P)
        return 0;
    uint64_t pair = k / (uint64_t)P, p = k % (uint64_t)P;
    *left = pair * 2 * step * (uint64_t)P + p;
    *right = *left + (uint64_t)step * (uint64_t)P;
    return 1;
}

/* ---- a single-precision tilting thread: one batch, every beta ----
 * The thread's samples are one batch (TT_BATCH consecutive samples of a
 * chunk). Weights are 2^(b2 (u - frame)), b2 = log2(e)/beta in float, in a
 * frame that starts at the first u and moves up only when a weight would
 * pass 2^jump (so that the batch's sums stay inside float); sums in float. */
#define TT_TILT_BETAS 16 /* betas a single-precision tilting call holds */
#define TT_TILT_FRAME_JUMP 56.0f /* the most a frame may lag (log2 of a weight) */

/* The frame's lag for a model whose values reach `reach` (|X| + |V|): sums
 * of 256 weights times values, 256 2^jump reach, and of squared weights,
 * 256 2^(2 jump), stay inside float (2^127). */
TT_FUNCTION float tt_tilt_frame_jump(double reach)
{
    double bits = reach > 1.0 ? ceil(log2(reach)) : 0.0, jump = 118.0 - bits;
    return (float)(jump < TT_TILT_FRAME_JUMP ? (jump > 1.0 ? jump : 1.0) : TT_TILT_FRAME_JUMP);
}

typedef struct {
    float frame, umax;
    uint32_t n;
    float sw[TT_TILT_BETAS], swv[TT_TILT_BETAS], swx[TT_TILT_BETAS], sw2[TT_TILT_BETAS];
} tt_tilt_thread;

/* A call's betas as a thread uses them: b2[p] = log2(e)/beta_p for p < P (0
 * beyond), their largest, and the frame's largest lag. Passed to the kernel
 * by value, so that the unrolled loops read them as constant operands
 * instead of holding 16 registers (or converting them again per sample). */
typedef struct {
    float b2[TT_TILT_BETAS];
    float b2max, jump;
    int P;
} tt_tilt_rates;

/* From inv_beta[p] = 1/beta_p, p < P <= TT_TILT_BETAS, for a model whose
 * values reach `reach`. */
TT_FUNCTION void tt_tilt_rates_init(tt_tilt_rates *r, const double *inv_beta, int P, double reach)
{
    r->P = P;
    r->b2max = 0.0f;
    for (int p = 0; p < TT_TILT_BETAS; ++p) {
        r->b2[p] = p < P ? (float)(inv_beta[p] * 1.4426950408889634) : 0.0f;
        r->b2max = r->b2[p] > r->b2max ? r->b2[p] : r->b2max;
    }
    r->jump = tt_tilt_frame_jump(reach);
}

/* 2^x in float: the hardware's on the device (allowed for weights: one
 * instruction, 2 ulp, results below 2^-126 flushed to 0), the polynomial
 * elsewhere. */
TT_FUNCTION float tt_exp2_weight(float x)
{
#if TT_DEVICE_COMPILE
    float y;
    asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(y) : "f"(x));
    return y;
#else
    return tt_exp_f(x * 0.69314718055994531f);
#endif
}

TT_FUNCTION void tt_tilt_thread_init(tt_tilt_thread *t)
{
    t->frame = t->umax = -INFINITY;
    t->n = 0;
    TT_UNROLL for (int p = 0; p < TT_TILT_BETAS; ++p)
        t->sw[p] = t->swv[p] = t->swx[p] = t->sw2[p] = 0.0f;
}

/* The frame moved up to u (rare: when a weight would pass 2^56): every sum
 * rescaled. */
TT_FUNCTION void tt_tilt_thread_reframe(tt_tilt_thread *t, const tt_tilt_rates *r, float u)
{
    TT_UNROLL for (int p = 0; p < TT_TILT_BETAS; ++p)
    {
        if (p >= r->P)
            break;
        float f = tt_exp2_weight(r->b2[p] * (t->frame - u));
        t->sw[p] *= f;
        t->swv[p] *= f;
        t->swx[p] *= f;
        t->sw2[p] = (t->sw2[p] * f) * f; /* f*f alone could flush to zero */
    }
    t->frame = u;
}

/* The sample's weight and sums for every beta, in the current frame (the
 * hot path). The loops run over constant slot indices and leave at P, the
 * same way in every thread (a uniform branch, not a predicate per slot). */
TT_FUNCTION void tt_tilt_thread_fold(tt_tilt_thread *t, const tt_tilt_rates *r, float u, float v, float x)
{
    t->n += 1;
    t->umax = u > t->umax ? u : t->umax;
    float d = u - t->frame;
    TT_UNROLL for (int p = 0; p < TT_TILT_BETAS; ++p)
    {
        if (p >= r->P)
            break;
        float w = tt_exp2_weight(r->b2[p] * d);
        t->sw[p] += w;
        t->swv[p] += w * v;
        t->swx[p] += w * x;
        t->sw2[p] += w * w;
    }
}

/* Every beta's sums by one sample. */
TT_FUNCTION void tt_tilt_thread_add(tt_tilt_thread *t, const tt_tilt_rates *r, float u, float v, float x)
{
    if (t->n == 0)
        t->frame = u;
    if ((u - t->frame) * r->b2max > r->jump)
        tt_tilt_thread_reframe(t, r, u);
    tt_tilt_thread_fold(t, r, u, v, x);
}

/* The thread's batch as beta p's accumulator (double): log-weights are
 * b2 ln2 u, so the batch's frame is b2 ln2 frame. p is a constant (an
 * unrolled loop's) on the device. */
TT_FUNCTION void tt_tilt_thread_batch(const tt_tilt_thread *t, const float *b2, int p, tt_tilt_bacc *out)
{
    double a = (double)b2[p] * 0.69314718055994531;
    tt_tilt_bacc_init(out);
    tt_tilt_bacc_add_batch(out, t->n, a * (double)t->frame, a * (double)t->umax, t->sw[p], t->swv[p], t->swx[p],
                           t->sw2[p]);
}

#endif
