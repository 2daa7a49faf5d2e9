/* real_ops.cuh: the per-sample math of include/tailtilt/ (and the block
 * steps of block_steps.h) by real type, for templates: Real<double> calls
 * the plain names, Real<float> the _f ones (the same text, instantiated
 * twice); and draws specialised at compile time on the law pair
 * (tt_model_draw_as), so that a kernel for the common pairs carries one
 * law's code each instead of every law's, twice. */
#ifndef TAILTILT_REAL_OPS_CUH
#define TAILTILT_REAL_OPS_CUH

#include "block_steps.h"
#include "tailtilt/draw.h"

template <typename R> struct Real;

/* Real<T>: T is the real type, S the names' suffix (none for double, _f for
 * float); inv_lo is what rounding 1/df to T lost (0 in double). */
#define TT_REAL_OPS(T, S)                                                                                             \
    template <> struct Real<T> {                                                                                      \
        typedef tt_outcome##S O;                                                                                      \
        typedef tt_best##S Best;                                                                                      \
        typedef tt_exceed_part##S ExceedPart;                                                                         \
        __device__ static void best_init(Best *b) { tt_best_init##S(b); }                                             \
        __device__ static void best_offer(Best *b, T u, T v, T x, uint32_t j) { tt_best_offer##S(b, u, v, x, j); }    \
        __device__ static void best_take(Best *b, const Best *o) { tt_best_take##S(b, o); }                           \
        __device__ static void exceed_init(ExceedPart *a) { tt_exceed_init##S(a); }                                   \
        __device__ static void exceed_add(ExceedPart *a, T t, T y, T u, T v, T x) { tt_exceed_add##S(a, t, y, u, v, x); }\
        __device__ static void exceed_flush(tt_sums3 *acc, ExceedPart *a) { tt_exceed_flush##S(acc, a); }             \
        __device__ static O draw(const tt_model *m, tt_philox_key key, uint32_t point, uint32_t chunk,                \
                                 uint32_t sample, uint32_t call, int ek, int uk)                                      \
        {                                                                                                             \
            return tt_model_draw_as##S(m, key, point, chunk, sample, call, ek, uk);                                   \
        }                                                                                                             \
    };
TT_REAL_OPS(double, )
TT_REAL_OPS(float, _f)
#undef TT_REAL_OPS

/* tt_model_draw (or _f) with the laws' kinds fixed at compile time
 * (TT_ANY_LAW: the general sampler): the same values, from the same uniforms. */
template <typename R, int EK, int UK>
__device__ inline typename Real<R>::O draw_outcome(const tt_model *m, tt_philox_key key, uint32_t point,
                                                   uint32_t chunk, uint32_t sample, uint32_t draw)
{
    return Real<R>::draw(m, key, point, chunk, sample, draw, EK, UK);
}

/* Launches KERNEL<R, EK, UK> for the model's law pair: normal + normal and
 * student_t + normal specialised, anything else general. */
#define TT_LAW_PAIR_DISPATCH(m, CALL)                                                                             \
    do {                                                                                                          \
        int ek_ = (m)->error.kind, uk_ = (m)->utility.kind;                                                       \
        if (ek_ == TT_NORMAL && uk_ == TT_NORMAL) {                                                               \
            const int EK = TT_NORMAL, UK = TT_NORMAL;                                                             \
            CALL;                                                                                                 \
        } else if (ek_ == TT_STUDENT_T && uk_ == TT_NORMAL) {                                                     \
            const int EK = TT_STUDENT_T, UK = TT_NORMAL;                                                          \
            CALL;                                                                                                 \
        } else {                                                                                                  \
            const int EK = TT_ANY_LAW, UK = TT_ANY_LAW;                                                           \
            CALL;                                                                                                 \
        }                                                                                                         \
    } while (0)

#endif
