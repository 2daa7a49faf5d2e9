/* sample_set.c (cpu): the weighted best-of-N's sample set: S outcomes (from
 * a proposal, with weights, when one is given) kept in memory, sorted by U
 * (LSD radix), and sum_i (F_i^N - F_(i-1)^N) f_(i) for every N, over the
 * whole set and over each replicate set of S/R consecutive samples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backends/cpu/passes.h"
#include "backends/cpu/sample_tile.h"
#include "core/engine.h"
#include "tailtilt/bon_weight.h"

typedef struct { double u, v, x, w; } triple; /* w: importance weight, 1 without a proposal */

/* Order-preserving integer key of a double (negatives reversed). */
static uint64_t sort_key(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return (b >> 63) ? ~b : b | 0x8000000000000000ull;
}

/* LSD radix sort by U, 8 bits a pass; stable, so ties keep sample order. */
static void sort_by_u(triple *a, triple *tmp, size_t n)
{
    for (int pass = 0; pass < 8; ++pass) {
        size_t count[257] = {0};
        int sh = 8 * pass;
        for (size_t i = 0; i < n; ++i)
            count[((sort_key(a[i].u) >> sh) & 0xff) + 1]++;
        for (int b = 0; b < 256; ++b)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; ++i)
            tmp[count[(sort_key(a[i].u) >> sh) & 0xff]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
}

/* sum_i (F_i^N - F_(i-1)^N) f_(i) over n samples sorted increasing. Without
 * weights F_i = i/n exactly; with weights F_i = 1 - (weight above i)/W, the
 * weight above summed from the top so that F near 1 keeps its precision.
 * *near: samples in the top 10/N of the mass, where the best of N lives. */
static void weighted(const triple *s, size_t n, double N, int unit, double out[3], uint64_t *near)
{
    double acc[3] = {0, 0, 0}, W = 0;
    if (!unit)
        for (size_t i = 0; i < n; ++i)
            W += s[i].w;
    double dn = (double)n, above = 0; /* the mass strictly above the current sample */
    *near = 0;
    for (size_t i = n; i >= 1; --i) {
        const triple *t = &s[i - 1];
        double m = unit ? 1.0 / dn : t->w / W;
        if (N * log1p(-above) < -745.0)
            break; /* F_i^N vanishes: nothing below contributes */
        double w = unit ? tt_bon_weight_unit((double)i, dn, N) : tt_bon_weight(above, m, N);
        acc[0] += w * t->u;
        acc[1] += w * t->v;
        acc[2] += w * t->x;
        if (above < 10.0 / N)
            ++*near;
        above += m;
    }
    memcpy(out, acc, sizeof acc);
}

/* The set, drawn chunk by chunk in parallel (each chunk's samples in place). */
static void draw_set(const tt_pass *p, const tt_proposal *prop, triple *all)
{
    uint64_t S = p->items, nchunks = tt_chunk_count(S, TT_CHUNK_SAMPLES);
    int unit = prop->kind == TT_PROPOSAL_NONE;
    uint32_t extra = tt_model_calls(p->model);
#pragma omp parallel for schedule(dynamic, 4) num_threads(p->threads)
    for (uint64_t c = 0; c < nchunks; ++c) {
        double x[TT_TILE], v[TT_TILE];
        tt_u01 pick[TT_TILE], tail[TT_TILE];
        uint64_t start = c * TT_CHUNK_SAMPLES, end = start + TT_CHUNK_SAMPLES < S ? start + TT_CHUNK_SAMPLES : S;
        for (uint64_t b = start; b < end; b += TT_TILE) {
            int n = (int)(end - b < TT_TILE ? end - b : TT_TILE);
            tt_model_draw_tile(p->model, p->key, p->stream, (uint32_t)c, (uint32_t)(b - start), 1, 0, 0, n, x, v);
            if (!unit)
                tt_uniform_pair_tile(p->key, p->stream, (uint32_t)c, (uint32_t)(b - start), extra, n, pick, tail);
            for (int i = 0; i < n; ++i) {
                double w = 1.0;
                tt_outcome o = {x[i], v[i]};
                if (!unit)
                    o = tt_proposal_draw(prop, p->model, o, pick[i], tail[i], &w);
                all[b + (uint64_t)i] = (triple){o.x + o.v, o.v, o.x, w};
            }
        }
    }
}

int tt_cpu_sample_set(const tt_pass *p, tt_sample_set_work *w, char *msg)
{
    uint64_t S = p->items;
    int ng = w->nN, R = w->replicates, unit = w->prop->kind == TT_PROPOSAL_NONE;
    triple *all = malloc(S * sizeof *all), *tmp = malloc(S * sizeof *tmp);
    if (!all || !tmp) {
        free(all), free(tmp);
        snprintf(msg, TT_MSG_LEN, "out of memory for %llu samples", (unsigned long long)S);
        return TT_ENOMEM;
    }
    draw_set(p, w->prop, all);
    tt_run_progress(p->run, S);
    /* replicate sets: contiguous ranges of the sample order, sorted apart */
    size_t per = S / (uint64_t)R;
    memcpy(tmp, all, S * sizeof *all);
    for (int r = 0; r < R; ++r) {
        triple *set = tmp + (size_t)r * per;
        sort_by_u(set, all, per); /* `all` is scratch here; it is refilled below */
        for (int g = 0; g < ng; ++g) {
            uint64_t nr;
            weighted(set, per, w->Ns[g], unit, &w->rep[((size_t)r * (size_t)ng + (size_t)g) * 3], &nr);
        }
    }
    /* the full set, from the sorted replicates by a merge of their orders */
    memcpy(all, tmp, S * sizeof *all);
    sort_by_u(all, tmp, S);
    for (int g = 0; g < ng; ++g)
        weighted(all, S, w->Ns[g], unit, &w->full[(size_t)g * 3], &w->near[g]);
    free(all), free(tmp);
    return TT_OK;
}
