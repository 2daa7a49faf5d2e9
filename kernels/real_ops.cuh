/* real_ops.cuh: the per-sample math of include/tailtilt/ (and a trial's
 * leader, block_steps.h) by real type, for templates: Real<double> calls the
 * plain names, Real<float> the _f ones
 * (the same text, instantiated twice); and draws specialised at compile time
 * on the law pair, so that a kernel for the common pairs carries one law's
 * code each instead of every law's, twice. */
#ifndef TAILTILT_REAL_OPS_CUH
#define TAILTILT_REAL_OPS_CUH

#include "block_steps.h"
#include "tailtilt/draw.h"

template <typename R> struct Real;

/* Real<T>: T is the real type, S the names' suffix (none for double, _f for
 * float); inv_lo is what rounding 1/df to T lost (0 in double). */
#define TT_REAL_OPS(T, S)                                                                                             \
    template <> struct Real<T> {                                                                                      \
        typedef tt_u01##S U;                                                                                          \
        typedef tt_outcome##S O;                                                                                      \
        typedef tt_best##S Best;                                                                                      \
        typedef tt_exceed_part##S ExceedPart;                                                                         \
        __device__ static void best_init(Best *b) { tt_best_init##S(b); }                                             \
        __device__ static void best_offer(Best *b, T u, T v, T x, uint32_t j) { tt_best_offer##S(b, u, v, x, j); }    \
        __device__ static void best_take(Best *b, const Best *o) { tt_best_take##S(b, o); }                           \
        __device__ static void exceed_init(ExceedPart *a) { tt_exceed_init##S(a); }                                   \
        __device__ static void exceed_add(ExceedPart *a, T t, T y, T u, T v, T x) { tt_exceed_add##S(a, t, y, u, v, x); }\
        __device__ static void exceed_flush(tt_sums3 *acc, ExceedPart *a) { tt_exceed_flush##S(acc, a); }             \
        __device__ static U uniform(uint32_t lo, uint32_t hi) { return tt_u01_from_bits##S(lo, hi); }                 \
        __device__ static T standard(const tt_dist *d, U a, U b) { return tt_dist_standard##S(d, a, b); }             \
        __device__ static T normal(U a) { return tt_std_normal##S(a); }                                               \
        __device__ static T student_t(const tt_dist *d, U a, U b)                                                     \
        {                                                                                                             \
            T inv = (T)d->inv_shape;                                                                                  \
            return tt_std_student_t##S((T)d->shape, inv, (T)(d->inv_shape - (double)inv), a, b);                      \
        }                                                                                                             \
    };
TT_REAL_OPS(double, )
TT_REAL_OPS(float, _f)
#undef TT_REAL_OPS

/* The law pairs a kernel is specialised for; TT_ANY_LAW: the general sampler. */
#define TT_ANY_LAW (-1)

/* Standard form of law d, whose kind is K when K is not TT_ANY_LAW. */
template <typename R, int K>
__device__ inline R law_standard(const tt_dist *d, typename Real<R>::U a, typename Real<R>::U b)
{
    if (K == TT_NORMAL)
        return Real<R>::normal(a);
    if (K == TT_STUDENT_T)
        return Real<R>::student_t(d, a, b);
    return Real<R>::standard(d, a, b);
}

/* tt_model_draw (or _f) with the laws' kinds fixed at compile time: the same
 * values, from the same uniforms. */
template <typename R, int EK, int UK>
__device__ inline typename Real<R>::O draw_outcome(const tt_model *m, tt_philox_key key, uint32_t point,
                                                   uint32_t chunk, uint32_t sample, uint32_t draw)
{
    typedef typename Real<R>::U U;
    tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(point, chunk, sample, draw), key);
    U u0 = Real<R>::uniform(r.v[0], r.v[1]), u1 = Real<R>::uniform(r.v[2], r.v[3]), u2 = u1, u3 = u1;
    int nx = EK == TT_ANY_LAW ? tt_dist_uniforms(&m->error) : (EK == TT_STUDENT_T ? 2 : 1);
    int nv = UK == TT_ANY_LAW ? tt_dist_uniforms(&m->utility) : (UK == TT_STUDENT_T ? 2 : 1);
    if (nx + nv > 2) {
        r = tt_philox4x32_10(tt_philox_counter(point, chunk, sample, draw + 1), key);
        u2 = Real<R>::uniform(r.v[0], r.v[1]);
        u3 = Real<R>::uniform(r.v[2], r.v[3]);
    }
    typename Real<R>::O o;
    o.x = (R)m->error.loc + (R)m->error.scale * law_standard<R, EK>(&m->error, u0, u1);
    o.v = (R)m->utility.loc + (R)m->utility.scale * law_standard<R, UK>(&m->utility, nx == 1 ? u1 : u2,
                                                                          nx == 1 ? u2 : u3);
    return o;
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
