/* accum.h: the mergeable accumulators of every method, in double precision:
 * _init, _add (per sample), _merge (dst = dst then src, in that order). */
#ifndef TAILTILT_ACCUM_H
#define TAILTILT_ACCUM_H

#include <math.h>
#include "defs.h"
#include "fastmath.h"

/* ---- plain sums of U, V, X and their squares (threshold bins, best-of-N) ---- */

typedef struct {
    uint64_t n;
    double su, sv, sx;
    double suu, svv, sxx;
} tt_sums3;

TT_FUNCTION void tt_sums3_init(tt_sums3 *s)
{
    s->n = 0;
    s->su = s->sv = s->sx = 0.0;
    s->suu = s->svv = s->sxx = 0.0;
}

TT_FUNCTION void tt_sums3_add(tt_sums3 *s, double u, double v, double x)
{
    s->n += 1;
    s->su += u;
    s->sv += v;
    s->sx += x;
    s->suu += u * u;
    s->svv += v * v;
    s->sxx += x * x;
}

TT_FUNCTION void tt_sums3_merge(tt_sums3 *d, const tt_sums3 *s)
{
    d->n += s->n;
    d->su += s->su;
    d->sv += s->sv;
    d->sx += s->sx;
    d->suu += s->suu;
    d->svv += s->svv;
    d->sxx += s->sxx;
}

/* ---- binned sums: bin b holds the samples with b thresholds <= y ----
 * Thresholds are sorted ascending; y >= t_j exactly when bin > j, so the
 * exceedance sums of t_j are the suffix sums of bins j+1..T (host side).
 * In float (_f) y is compared with each threshold rounded to float, as the
 * device compares (rounding keeps them sorted). */
#define TT_BIN_INDEX(T, S)                                                                                        \
    TT_FUNCTION int tt_bin_index##S(const double *thresholds, int count, T y)                                     \
    {                                                                                                             \
        int lo = 0, hi = count; /* answer in [lo, hi] */                                                          \
        while (lo < hi) {                                                                                         \
            int mid = (lo + hi) >> 1;                                                                             \
            if ((T)thresholds[mid] <= y)                                                                          \
                lo = mid + 1;                                                                                     \
            else                                                                                                  \
                hi = mid;                                                                                         \
        }                                                                                                         \
        return lo;                                                                                                \
    }
TT_BIN_INDEX(double, )
TT_BIN_INDEX(float, _f)
#undef TT_BIN_INDEX

/* ---- importance-weighted sums of U, V, X on one side of a threshold ---- */

typedef struct {
    uint64_t n;
    double sw, sw2, swf[3], sw2f[3], sw2ff[3]; /* f = U, V, X */
} tt_is_part;

TT_FUNCTION void tt_is_part_init(tt_is_part *p)
{
    p->n = 0;
    p->sw = p->sw2 = 0.0;
    for (int k = 0; k < 3; ++k)
        p->swf[k] = p->sw2f[k] = p->sw2ff[k] = 0.0;
}

TT_FUNCTION void tt_is_part_add(tt_is_part *p, double w, double u, double v, double x)
{
    double w2 = w * w, f[3] = {u, v, x};
    p->n += 1;
    p->sw += w;
    p->sw2 += w2;
    for (int k = 0; k < 3; ++k) {
        p->swf[k] += w * f[k];
        p->sw2f[k] += w2 * f[k];
        p->sw2ff[k] += w2 * f[k] * f[k];
    }
}

TT_FUNCTION void tt_is_part_merge(tt_is_part *d, const tt_is_part *s)
{
    d->n += s->n;
    d->sw += s->sw;
    d->sw2 += s->sw2;
    for (int k = 0; k < 3; ++k) {
        d->swf[k] += s->swf[k];
        d->sw2f[k] += s->sw2f[k];
        d->sw2ff[k] += s->sw2ff[k];
    }
}

/* The samples of an importance-sampled pass by where they fall: below t,
 * at or above t with X leading (X further above its median than V above
 * its), at or above t with V leading. */
enum { TT_IS_BELOW = 0, TT_IS_XLEAD = 1, TT_IS_VLEAD = 2 };
typedef struct { tt_is_part part[3]; } tt_is_split;

TT_FUNCTION void tt_is_split_init(tt_is_split *p)
{
    for (int k = 0; k < 3; ++k)
        tt_is_part_init(&p->part[k]);
}

TT_FUNCTION void tt_is_split_merge(tt_is_split *d, const tt_is_split *s)
{
    for (int k = 0; k < 3; ++k)
        tt_is_part_merge(&d->part[k], &s->part[k]);
}

/* Everything at or above t: the two leading parts merged. */
TT_FUNCTION void tt_is_split_above(const tt_is_split *p, tt_is_part *out)
{
    *out = p->part[TT_IS_XLEAD];
    tt_is_part_merge(out, &p->part[TT_IS_VLEAD]);
}

/* ---- conditional Monte Carlo: one coordinate Y integrated exactly ----
 * Per sample of the other coordinate z with weight w: a = w P(Y >= t - z),
 * b = w z P(Y >= t - z), c = w E[Y; Y >= t - z]; sums and cross sums for the
 * ratio estimates' standard errors; and a split in two, a = ax + av, by
 * which coordinate leads (as for tt_is_split). */

typedef struct {
    uint64_t n, hits;   /* samples; those with a > 0 */
    double sa, sb, sc;
    double saa, sbb, scc, sab, sac, sbc;
    double sax, saxx, sav, savv;
} tt_cond_sums;

TT_FUNCTION void tt_cond_init(tt_cond_sums *s)
{
    s->n = s->hits = 0;
    s->sa = s->sb = s->sc = 0.0;
    s->saa = s->sbb = s->scc = s->sab = s->sac = s->sbc = 0.0;
    s->sax = s->saxx = s->sav = s->savv = 0.0;
}

TT_FUNCTION void tt_cond_add(tt_cond_sums *s, double a, double b, double c, double ax)
{
    double av = a - ax;
    s->n += 1;
    s->hits += a > 0;
    s->sax += ax;
    s->saxx += ax * ax;
    s->sav += av;
    s->savv += av * av;
    s->sa += a;
    s->sb += b;
    s->sc += c;
    s->saa += a * a;
    s->sbb += b * b;
    s->scc += c * c;
    s->sab += a * b;
    s->sac += a * c;
    s->sbc += b * c;
}

TT_FUNCTION void tt_cond_merge(tt_cond_sums *d, const tt_cond_sums *s)
{
    d->n += s->n;
    d->hits += s->hits;
    d->sa += s->sa;
    d->sb += s->sb;
    d->sc += s->sc;
    d->saa += s->saa;
    d->sbb += s->sbb;
    d->scc += s->scc;
    d->sab += s->sab;
    d->sac += s->sac;
    d->sbc += s->sbc;
    d->sax += s->sax;
    d->saxx += s->saxx;
    d->sav += s->sav;
    d->savv += s->savv;
}

/* ---- tilting: weights w = exp(a), a = U/beta, in a log-sum-exp frame ----
 * Stored sums are of w' = exp(a - shift); shift is the largest a seen, so the
 * largest stored weight is exactly 1. Sums with w'^2 feed the delta-method
 * standard errors and Kish's effective sample size. */

typedef struct {
    uint64_t n;
    double shift;
    double sw, swu, swv, swx;            /* sum w, w*f */
    double sw2, sw2u, sw2v, sw2x;        /* sum w^2, w^2*f */
    double sw2uu, sw2vv, sw2xx;          /* sum w^2*f^2 */
} tt_tilt_acc;

TT_FUNCTION void tt_tilt_init(tt_tilt_acc *t)
{
    t->n = 0;
    t->shift = -INFINITY;
    t->sw = t->swu = t->swv = t->swx = 0.0;
    t->sw2 = t->sw2u = t->sw2v = t->sw2x = 0.0;
    t->sw2uu = t->sw2vv = t->sw2xx = 0.0;
}

/* Move the frame to a larger shift; sums scale by exp(old - new). */
TT_FUNCTION void tt_tilt_rescale(tt_tilt_acc *t, double shift)
{
    if (!(shift > t->shift))
        return;
    double f = t->sw == 0.0 ? 0.0 : exp(t->shift - shift);
    double f2 = f * f;
    t->sw *= f;
    t->swu *= f;
    t->swv *= f;
    t->swx *= f;
    t->sw2 *= f2;
    t->sw2u *= f2;
    t->sw2v *= f2;
    t->sw2x *= f2;
    t->sw2uu *= f2;
    t->sw2vv *= f2;
    t->sw2xx *= f2;
    t->shift = shift;
}

/* Add a sample whose weight in the current frame is w (w <= 1). */
TT_FUNCTION void tt_tilt_add_weight(tt_tilt_acc *t, double w, double u, double v, double x)
{
    double w2 = w * w;
    t->n += 1;
    t->sw += w;
    t->swu += w * u;
    t->swv += w * v;
    t->swx += w * x;
    t->sw2 += w2;
    t->sw2u += w2 * u;
    t->sw2v += w2 * v;
    t->sw2x += w2 * x;
    t->sw2uu += w2 * u * u;
    t->sw2vv += w2 * v * v;
    t->sw2xx += w2 * x * x;
}

/* Add a sample with log-weight a (the weight by fastmath.h's exp, as the
 * CPU's tile folds it). */
TT_FUNCTION void tt_tilt_add(tt_tilt_acc *t, double a, double u, double v, double x)
{
    if (a > t->shift)
        tt_tilt_rescale(t, a);
    tt_tilt_add_weight(t, tt_exp(a - t->shift), u, v, x);
}

TT_FUNCTION void tt_tilt_merge(tt_tilt_acc *d, const tt_tilt_acc *s)
{
    if (s->n == 0)
        return;
    tt_tilt_acc src = *s;
    if (src.shift > d->shift)
        tt_tilt_rescale(d, src.shift);
    else
        tt_tilt_rescale(&src, d->shift);
    d->n += src.n;
    d->sw += src.sw;
    d->swu += src.swu;
    d->swv += src.swv;
    d->swx += src.swx;
    d->sw2 += src.sw2;
    d->sw2u += src.sw2u;
    d->sw2v += src.sw2v;
    d->sw2x += src.sw2x;
    d->sw2uu += src.sw2uu;
    d->sw2vv += src.sw2vv;
    d->sw2xx += src.sw2xx;
}

/* ---- tilting in single precision: batch sums ----
 * A batch is 256 consecutive samples of a chunk (TT_BATCH), summed in float
 * in its own frame (sw, swv, swx, sw2: U = V + X gives swu), then added here
 * in double. Second moments are over batches, not samples: sums over
 * batches b of sw_b^2, sw_b swv_b, ... feed delta-method errors from batch
 * totals (valid for any batch size, the batches being independent), so a
 * sample costs four float sums per beta instead of eleven. */
#define TT_BATCH 256u

typedef struct {
    uint64_t n, batches;
    double shift;                        /* the frame: sums are of exp(a - shift) */
    double amax;                         /* the largest log-weight a seen */
    double sw, swv, swx, sw2;            /* over samples */
    double bww, bwv, bwx, bvv, bxx, bvx; /* over batches: sw_b^2, sw_b swv_b, ... */
} tt_tilt_bacc;

TT_FUNCTION void tt_tilt_bacc_init(tt_tilt_bacc *t)
{
    t->n = t->batches = 0;
    t->shift = t->amax = -INFINITY;
    t->sw = t->swv = t->swx = t->sw2 = 0.0;
    t->bww = t->bwv = t->bwx = t->bvv = t->bxx = t->bvx = 0.0;
}

/* Move the frame to a larger shift: first moments scale by f = exp(old -
 * new), the others by f^2. */
TT_FUNCTION void tt_tilt_bacc_rescale(tt_tilt_bacc *t, double shift)
{
    if (!(shift > t->shift))
        return;
    double f = t->sw == 0.0 ? 0.0 : exp(t->shift - shift), f2 = f * f;
    t->sw *= f;
    t->swv *= f;
    t->swx *= f;
    t->sw2 *= f2;
    t->bww *= f2;
    t->bwv *= f2;
    t->bwx *= f2;
    t->bvv *= f2;
    t->bxx *= f2;
    t->bvx *= f2;
    t->shift = shift;
}

/* One batch of n samples whose sums are in the frame `shift` (its largest
 * log-weight amax, at most shift + 88 so that float held them). */
TT_FUNCTION void tt_tilt_bacc_add_batch(tt_tilt_bacc *t, uint64_t n, double shift, double amax, double sw,
                                        double swv, double swx, double sw2)
{
    if (n == 0)
        return;
    tt_tilt_bacc_rescale(t, shift);
    double g = exp(shift - t->shift); /* 1 unless the accumulator's frame is higher */
    sw *= g;
    swv *= g;
    swx *= g;
    t->n += n;
    t->batches += 1;
    t->amax = amax > t->amax ? amax : t->amax;
    t->sw += sw;
    t->swv += swv;
    t->swx += swx;
    t->sw2 += sw2 * g * g;
    t->bww += sw * sw;
    t->bwv += sw * swv;
    t->bwx += sw * swx;
    t->bvv += swv * swv;
    t->bxx += swx * swx;
    t->bvx += swv * swx;
}

TT_FUNCTION void tt_tilt_bacc_merge(tt_tilt_bacc *d, const tt_tilt_bacc *s)
{
    if (s->n == 0)
        return;
    tt_tilt_bacc src = *s;
    if (src.shift > d->shift)
        tt_tilt_bacc_rescale(d, src.shift);
    else
        tt_tilt_bacc_rescale(&src, d->shift);
    d->n += src.n;
    d->batches += src.batches;
    d->amax = src.amax > d->amax ? src.amax : d->amax;
    d->sw += src.sw;
    d->swv += src.swv;
    d->swx += src.swx;
    d->sw2 += src.sw2;
    d->bww += src.bww;
    d->bwv += src.bwv;
    d->bwx += src.bwx;
    d->bvv += src.bvv;
    d->bxx += src.bxx;
    d->bvx += src.bvx;
}

/* ---- the spread of a quantity's chunk means: sums of means and squares ---- */

typedef struct {
    double s, ss;
    uint64_t chunks;
} tt_spread;

TT_FUNCTION void tt_spread_init(tt_spread *p)
{
    p->s = p->ss = 0.0;
    p->chunks = 0;
}

TT_FUNCTION void tt_spread_add(tt_spread *p, double mean)
{
    p->s += mean;
    p->ss += mean * mean;
    p->chunks += 1;
}

TT_FUNCTION void tt_spread_merge(tt_spread *d, const tt_spread *s)
{
    d->s += s->s;
    d->ss += s->ss;
    d->chunks += s->chunks;
}

/* ---- batch (chunk) sums for batch-means standard errors of tilting ----
 * Over chunks c: sw_c^2, sw_c swf_c, swf_c^2 (f = U, V, X), in a frame
 * shifted like tt_tilt_acc; the sums are quadratic in the weights, so a frame
 * move scales them by exp(2 (old - new)). */

typedef struct {
    double shift;
    uint64_t batches;
    double ww, wf[3], ff[3];
} tt_batch_sums;

TT_FUNCTION void tt_batch_init(tt_batch_sums *s)
{
    s->shift = -INFINITY;
    s->batches = 0;
    s->ww = 0.0;
    for (int k = 0; k < 3; ++k)
        s->wf[k] = s->ff[k] = 0.0;
}

/* The batch sums of one chunk's accumulator. */
TT_FUNCTION void tt_batch_of_chunk(tt_batch_sums *s, const tt_tilt_acc *c)
{
    tt_batch_init(s);
    if (c->n == 0)
        return;
    double f[3] = {c->swu, c->swv, c->swx};
    s->shift = c->shift;
    s->batches = 1;
    s->ww = c->sw * c->sw;
    for (int k = 0; k < 3; ++k) {
        s->wf[k] = c->sw * f[k];
        s->ff[k] = f[k] * f[k];
    }
}

/* The batch sums of one chunk's single-precision accumulator. */
TT_FUNCTION void tt_batch_of_chunk_b(tt_batch_sums *s, const tt_tilt_bacc *c)
{
    tt_batch_init(s);
    if (c->n == 0)
        return;
    double f[3] = {c->swv + c->swx, c->swv, c->swx};
    s->shift = c->shift;
    s->batches = 1;
    s->ww = c->sw * c->sw;
    for (int k = 0; k < 3; ++k) {
        s->wf[k] = c->sw * f[k];
        s->ff[k] = f[k] * f[k];
    }
}

TT_FUNCTION void tt_batch_merge(tt_batch_sums *d, const tt_batch_sums *s)
{
    if (s->batches == 0)
        return;
    tt_batch_sums src = *s;
    tt_batch_sums *lo = src.shift > d->shift ? d : &src;
    double top = src.shift > d->shift ? src.shift : d->shift;
    if (lo->batches) { /* move the lower frame up */
        double f = exp(2 * (lo->shift - top));
        lo->ww *= f;
        for (int k = 0; k < 3; ++k) {
            lo->wf[k] *= f;
            lo->ff[k] *= f;
        }
    }
    d->shift = top;
    d->batches += src.batches;
    d->ww += src.ww;
    for (int k = 0; k < 3; ++k) {
        d->wf[k] += src.wf[k];
        d->ff[k] += src.ff[k];
    }
}

#endif
