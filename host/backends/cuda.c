/* cuda_backend.c: the CUDA backend's driver: splits a pass into aligned
 * blocks of chunks, runs each on the device, merges the blocks in the engine's
 * tree, and finishes the records with the CPU backend's own functions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backends/backend.h"
#include "methods/methods.h"
#include "tt_cuda.h"
#include "core/topk.h"
#include "core/util.h"

static char device_name[256];

int tt_cuda_usable(char *why)
{
    static int probed = -1;
    static char reason[TT_MSG_LEN];
    if (probed < 0)
        probed = tt_cuda_probe(device_name, sizeof device_name, reason);
    if (!probed && why)
        snprintf(why, TT_MSG_LEN, "%s", reason);
    return probed;
}

void tt_cuda_bind(int local_rank)
{
    tt_cuda_select(local_rank);
}

const char *tt_cuda_device_name(void)
{
    return device_name;
}

/* What the CUDA backend does not run yet; NULL when it runs the job. */
const char *tt_cuda_unsupported(const tt_job *job)
{
    (void)job; /* every job runs on the GPU now; the hook stays for the next feature that does not */
    return NULL;
}

typedef struct {
    int kind, P;
} param_ctx;

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static size_t acc_bytes(int kind)
{
    return kind == 0 ? sizeof(tt_tilt_acc) : sizeof(tt_sums3);
}

static void params_init(const void *vctx, void *acc)
{
    const param_ctx *c = vctx;
    for (int p = 0; p < c->P; ++p) {
        if (c->kind == 0) tt_tilt_init((tt_tilt_acc *)acc + p);
        else tt_sums3_init((tt_sums3 *)acc + p);
    }
}

static void params_merge(const void *vctx, void *dst, const void *src)
{
    const param_ctx *c = vctx;
    for (int p = 0; p < c->P; ++p) {
        if (c->kind == 0) tt_tilt_merge((tt_tilt_acc *)dst + p, (const tt_tilt_acc *)src + p);
        else tt_sums3_merge((tt_sums3 *)dst + p, (const tt_sums3 *)src + p);
    }
}

/* The next block of a pass of nchunks: the largest aligned power of two that
 * fits (at most 2^TT_CUDA_MAX_LEVEL) without crossing `half` (the end of the
 * first half of the chunks), so blocks arrive in the merge stack's order. */
static int next_level(uint64_t done, uint64_t nchunks, uint64_t half)
{
    int l = TT_CUDA_MAX_LEVEL;
    while (l > 0 && ((done & ((1ull << l) - 1)) || done + (1ull << l) > nchunks ||
                     (done < half && done + (1ull << l) > half)))
        --l;
    return l;
}

/* The largest U values of a tilt pass, for k-hat: the chunks' lists offered
 * to one bounded heap (the set kept does not depend on the order). */
typedef struct {
    double *top, *lists;
    int *flags;
    uint64_t ntop, cap;
    int per_chunk, suspect;
    double kth_max;
} khat_state;

static void khat_offer(khat_state *k, uint32_t nchunks)
{
    for (uint32_t c = 0; c < nchunks; ++c) {
        const double *l = k->lists + (size_t)c * (size_t)k->per_chunk;
        for (int i = 0; i < k->per_chunk && l[i] > -INFINITY; ++i)
            tt_topk_offer(k->top, &k->ntop, k->cap, l[i]);
        if (l[k->per_chunk - 1] > -INFINITY && l[k->per_chunk - 1] > k->kth_max)
            k->kth_max = l[k->per_chunk - 1]; /* a full list: its end bounds what it may have dropped */
        k->suspect |= k->flags[c];
    }
}

/* The k-hat state of one pass: M+1 largest values kept, per-chunk lists. */
static int khat_alloc(khat_state *k, uint64_t samples, int max_per_chunk)
{
    memset(k, 0, sizeof *k);
    k->cap = tt_tilt_khat_cap(samples);
    k->per_chunk = tt_tilt_topk_per_chunk(samples, k->cap);
    if (k->per_chunk > max_per_chunk)
        k->per_chunk = max_per_chunk;
    k->top = malloc(sizeof(double) * k->cap);
    k->lists = malloc(sizeof(double) * ((size_t)k->per_chunk << TT_CUDA_MAX_LEVEL));
    k->flags = malloc(sizeof(int) << TT_CUDA_MAX_LEVEL);
    k->kth_max = -INFINITY;
    return k->top && k->lists && k->flags ? TT_OK : TT_ENOMEM;
}

static void khat_free(khat_state *k)
{
    free(k->top);
    free(k->lists);
    free(k->flags);
}

/* One pass over `total` samples for P parameters of one kind; result: P
 * accs. For tilt, also the first half of the chunks' accs (half_result) and
 * the batch sums (batch), and the largest U values (khat), when not NULL. */
static int params_pass(const tt_job *job, const tt_model *model, int kind, const double *params, int P,
                       int y_is_error, uint32_t point, void *result, void *half_result, tt_batch_sums *batch,
                       khat_state *khat, tt_progress_ctx *pg, char *msg)
{
    param_ctx c = {kind, P};
    tt_chunk_ops ops = {acc_bytes(kind) * (size_t)P, params_init, NULL, params_merge, NULL, NULL};
    tt_merge_stack stack, half_stack;
    void *block = malloc(ops.acc_size);
    tt_batch_sums *bblock = malloc(sizeof(tt_batch_sums) * (size_t)P);
    if (!block || !bblock || tt_merge_stack_init(&stack, &ops, &c) != TT_OK ||
        tt_merge_stack_init(&half_stack, &ops, &c) != TT_OK) {
        free(block);
        free(bblock);
        return TT_ENOMEM;
    }
    uint64_t nchunks = (job->samples + TT_CHUNK_SAMPLES - 1) / TT_CHUNK_SAMPLES, done = 0, half = (nchunks + 1) / 2;
    tt_philox_key key = tt_philox_key_from_seed(job->seed);
    for (int p = 0; batch && p < P; ++p)
        tt_batch_init(&batch[p]);
    int st = TT_OK;
    while (done < nchunks && st == TT_OK) {
        int level = next_level(done, nchunks, half);
        st = tt_cuda_params_block(kind, model, key, point, (uint32_t)done, level, job->samples, params, P,
                                  y_is_error, block, batch ? bblock : NULL, khat ? khat->lists : NULL,
                                  khat ? khat->per_chunk : 0, khat ? khat->flags : NULL, msg);
        if (st == TT_OK) {
            if (khat)
                khat_offer(khat, 1u << level);
            for (int p = 0; batch && p < P; ++p)
                tt_batch_merge(&batch[p], &bblock[p]);
            if (done + (1ull << level) <= half) /* the first half's own tree, for the stability fields */
                tt_merge_stack_push(&half_stack, block, level);
            tt_merge_stack_push(&stack, block, level);
            done += 1ull << level;
            if (pg && pg->fn) {
                uint64_t s = done * TT_CHUNK_SAMPLES < job->samples ? done * TT_CHUNK_SAMPLES : job->samples;
                pg->fn(pg->user, pg->done_before + s, pg->total);
            }
        }
    }
    tt_merge_stack_finish(&stack, result);
    if (half_result)
        tt_merge_stack_finish(&half_stack, half_result);
    else
        free(half_stack.levels), free(half_stack.carry);
    free(block);
    free(bblock);
    return st;
}

static int run_params(const tt_job *job, const tt_model *model, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    int kind = job->method == TT_TILT ? 0 : 1;
    int y_is_error = job->method == TT_CONSTRUCT && !job->q_is_sum;
    uint32_t point = tt_point_stream(job, 0);
    /* exceedance sums also need every sample: a threshold of -inf, last */
    int extra = kind == 1, n = job->ngrid;
    for (int g0 = 0; g0 < n; g0 += TT_CUDA_MAX_PARAMS - extra) {
        int P = n - g0 < TT_CUDA_MAX_PARAMS - extra ? n - g0 : TT_CUDA_MAX_PARAMS - extra;
        double params[TT_CUDA_MAX_PARAMS];
        for (int p = 0; p < P; ++p)
            params[p] = kind == 0 ? 1.0 / job->grid[g0 + p] : job->grid[g0 + p];
        if (extra)
            params[P] = -INFINITY;
        void *res = malloc(acc_bytes(kind) * (size_t)(P + extra));
        void *half = malloc(acc_bytes(kind) * (size_t)(P + extra));
        tt_batch_sums *batch = malloc(sizeof(tt_batch_sums) * (size_t)(P + extra));
        if (!res || !half || !batch) {
            free(res);
            free(half);
            free(batch);
            return TT_ENOMEM;
        }
        int diag = kind == 0 && !job->no_diagnostics;
        khat_state kh = {0};
        if (diag && khat_alloc(&kh, job->samples, TT_CUDA_MAX_TOPK) != TT_OK) {
            khat_free(&kh), free(res), free(half), free(batch);
            return TT_ENOMEM;
        }
        int st = params_pass(job, model, kind, params, P + extra, y_is_error, point, res, diag ? half : NULL,
                             diag ? batch : NULL, diag ? &kh : NULL, pg, msg);
        int exact = 0;
        if (diag && st == TT_OK) {
            qsort(kh.top, kh.ntop, sizeof(double), cmp_desc);
            exact = kh.ntop > 0 && !kh.suspect && kh.kth_max < kh.top[kh.ntop - 1];
        }
        for (int p = 0; st == TT_OK && p < P; ++p) {
            double x = job->grid[g0 + p];
            tt_record *r = &recs[g0 + p];
            if (job->method == TT_TILT) {
                tt_tilt_finalize(job, (tt_tilt_acc *)res + p, x, r);
                if (diag)
                    tt_tilt_stability((tt_tilt_acc *)res + p, (tt_tilt_acc *)half + p, &batch[p], x, r);
                if (diag && exact)
                    tt_tilt_khat_record(job, kh.top, kh.ntop, x, r);
            }
            else if (job->method == TT_THRESHOLD)
                tt_threshold_finalize(job, (tt_sums3 *)res + P, (tt_sums3 *)res + p, x, r);
            else
                tt_construct_finalize(job, (tt_sums3 *)res + P, (tt_sums3 *)res + p, x, r);
        }
        free(res);
        free(half);
        free(batch);
        khat_free(&kh);
        if (st != TT_OK)
            return st;
    }
    return TT_OK;
}

static void sums_init(const void *ctx, void *acc) { (void)ctx; tt_sums3_init(acc); }
static void sums_merge(const void *ctx, void *d, const void *s) { (void)ctx; tt_sums3_merge(d, s); }

static int run_bon(const tt_job *job, const tt_model *model, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    tt_philox_key key = tt_philox_key_from_seed(job->seed);
    for (int g = 0; g < job->ngrid; ++g) {
        uint32_t n = (uint32_t)job->grid[g], tpc = tt_bon_trials_per_chunk(n);
        uint64_t nchunks = (job->trials + tpc - 1) / tpc, done = 0;
        tt_chunk_ops ops = {sizeof(tt_sums3), sums_init, NULL, sums_merge, NULL, NULL};
        tt_merge_stack stack;
        if (tt_merge_stack_init(&stack, &ops, NULL) != TT_OK)
            return TT_ENOMEM;
        double t0 = tt_now();
        int st = TT_OK;
        tt_spread spread, bspread;
        tt_spread_init(&spread);
        while (done < nchunks && st == TT_OK) {
            int level = next_level(done, nchunks, 0);
            tt_sums3 block;
            st = tt_cuda_bon_block(model, key, tt_point_stream(job, g), (uint32_t)done, level, job->trials, n,
                                   tpc, &block, &bspread, msg);
            if (st == TT_OK) {
                tt_merge_stack_push(&stack, &block, level);
                tt_spread_merge(&spread, &bspread);
                done += 1ull << level;
            }
        }
        tt_sums3 s;
        tt_merge_stack_finish(&stack, &s);
        if (st != TT_OK)
            return st;
        tt_record *r = &recs[g];
        r->wall_s = tt_now() - t0;
        r->samples_per_s = (double)r->samples / r->wall_s;
        tt_bon_finalize(job, &s, &spread, n, r);
        pg->done_before += job->trials * n;
        if (pg->fn)
            pg->fn(pg->user, pg->done_before, pg->total);
        if (pg->record && pg->record(pg->user, g, r) != 0) {
            snprintf(msg, TT_MSG_LEN, "writing the record of N = %u failed", n);
            return TT_EIO;
        }
    }
    return TT_OK;
}

static void pair_init(const void *ctx, void *acc)
{
    (void)ctx;
    tt_is_pair *p = acc;
    tt_is_part_init(&p->part[0]);
    tt_is_part_init(&p->part[1]);
}

static void pair_merge(const void *ctx, void *d, const void *s)
{
    (void)ctx;
    tt_is_part_merge(&((tt_is_pair *)d)->part[0], &((const tt_is_pair *)s)->part[0]);
    tt_is_part_merge(&((tt_is_pair *)d)->part[1], &((const tt_is_pair *)s)->part[1]);
}

/* threshold and construct with a proposal: one pass per t, as on the CPU. */
static int run_is(const tt_job *job, const tt_model *model, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    int y_is_error = job->method == TT_CONSTRUCT && !job->q_is_sum;
    tt_philox_key key = tt_philox_key_from_seed(job->seed);
    uint64_t nchunks = (job->samples + TT_CHUNK_SAMPLES - 1) / TT_CHUNK_SAMPLES;
    int diag = !job->no_diagnostics;
    for (int g = 0; g < job->ngrid; ++g) {
        double t = job->grid[g], t0 = tt_now();
        tt_proposal prop;
        int st = tt_proposal_choose(job, t, y_is_error, job->proposal, &prop, msg);
        tt_chunk_ops ops = {sizeof(tt_is_pair), pair_init, NULL, pair_merge, NULL, NULL};
        tt_merge_stack stack;
        if (st != TT_OK || tt_merge_stack_init(&stack, &ops, NULL) != TT_OK)
            return st != TT_OK ? st : TT_ENOMEM;
        uint64_t done = 0;
        khat_state kh;
        if (diag && khat_alloc(&kh, job->samples, TT_CUDA_IS_MAX_TOPK) != TT_OK) {
            khat_free(&kh);
            return TT_ENOMEM;
        }
        while (done < nchunks && st == TT_OK) {
            int level = next_level(done, nchunks, 0);
            tt_is_pair block;
            st = tt_cuda_is_block(model, key, tt_is_stream(job, t), (uint32_t)done, level, job->samples, &prop, t,
                                  y_is_error, &block, diag ? kh.lists : NULL, diag ? kh.per_chunk : 0,
                                  diag ? kh.flags : NULL, msg);
            if (st == TT_OK) {
                if (diag)
                    khat_offer(&kh, 1u << level);
                tt_merge_stack_push(&stack, &block, level);
                done += 1ull << level;
            }
        }
        tt_is_pair res;
        tt_merge_stack_finish(&stack, &res);
        double khat = NAN;
        if (diag && st == TT_OK && !kh.suspect && kh.ntop > 0 && kh.kth_max < kh.top[0]) /* top: a min-heap */
            khat = tt_is_weights_khat(kh.top, kh.ntop);
        if (diag)
            khat_free(&kh);
        if (st != TT_OK)
            return st;
        tt_record *r = &recs[g];
        tt_is_finalize(job, t, y_is_error, &prop, &res, khat, r);
        r->wall_s = tt_now() - t0;
        r->samples_per_s = (double)job->samples / r->wall_s;
        pg->done_before += job->samples;
        if (pg->fn)
            pg->fn(pg->user, pg->done_before, pg->total);
        if (pg->record && pg->record(pg->user, g, r) != 0) {
            snprintf(msg, TT_MSG_LEN, "writing the record of t = %g failed", t);
            return TT_EIO;
        }
    }
    return TT_OK;
}

/* bon --estimator weighted: the set drawn and sorted on the device. */
static int run_bon_weighted(const tt_job *job, const tt_model *model, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    uint32_t point;
    tt_proposal prop;
    int st = tt_bon_weighted_setup(job, &point, &prop, msg);
    if (st != TT_OK)
        return st;
    int ng = job->ngrid, R = TT_BON_REPLICATES;
    double *full = calloc((size_t)ng * 3, sizeof(double)), *rep = calloc((size_t)R * (size_t)ng * 3, sizeof(double));
    uint64_t *near = calloc((size_t)ng, sizeof(uint64_t));
    double t0 = tt_now();
    if (!full || !rep || !near)
        st = TT_ENOMEM;
    else
        st = tt_cuda_bon_weighted(model, tt_philox_key_from_seed(job->seed), point, job->samples, &prop, job->grid, ng,
                                  R, full, rep, near, msg);
    if (st == TT_OK)
        tt_bon_weighted_records(job, &prop, full, rep, near, recs);
    free(full), free(rep), free(near);
    if (st != TT_OK)
        return st;
    double wall = tt_now() - t0;
    for (int g = 0; g < ng; ++g) {
        recs[g].wall_s = wall;
        recs[g].samples_per_s = (double)job->samples / wall;
        if (pg->record && pg->record(pg->user, g, &recs[g]) != 0) {
            snprintf(msg, TT_MSG_LEN, "writing the record of N = %g failed", job->grid[g]);
            return TT_EIO;
        }
    }
    return TT_OK;
}

int tt_run_cuda(const tt_job *job, tt_record *recs, const tt_run_hooks *hooks, char *msg)
{
    char why[TT_MSG_LEN];
    if (!tt_cuda_usable(why)) {
        snprintf(msg, TT_MSG_LEN, "--backend cuda: %s", why);
        return TT_EUNSUP;
    }
    const char *no = tt_cuda_unsupported(job);
    if (no) {
        snprintf(msg, TT_MSG_LEN, "--backend cuda: %s (use --backend cpu or auto)", no);
        return TT_EUNSUP;
    }
    tt_run_hooks none = {NULL, NULL, NULL};
    if (!hooks)
        hooks = &none;
    for (int g = 0; g < job->ngrid; ++g) {
        tt_record_init(&recs[g], job, g);
        recs[g].backend = "cuda";
        recs[g].device = device_name;
    }
    uint64_t total = 0;
    if (job->method == TT_BON)
        for (int g = 0; g < job->ngrid; ++g)
            total += job->trials * (uint64_t)job->grid[g];
    else
        total = job->samples;
    tt_progress_ctx pg = {hooks->progress, hooks->record, hooks->user, 0, total, 1};
    double t0 = tt_now();
    tt_model model; /* empirical data live on the device */
    if (tt_cuda_device_model(&job->model, &model, msg) != 0)
        return TT_EUNSUP;
    if (job->method == TT_BON && job->weighted) {
        pg.total = job->samples;
        return run_bon_weighted(job, &model, recs, &pg, msg);
    }
    int is = (job->method == TT_THRESHOLD || job->method == TT_CONSTRUCT) && job->proposal != TT_PROPOSAL_NONE;
    if (is) {
        pg.total = job->samples * (uint64_t)job->ngrid;
        return run_is(job, &model, recs, &pg, msg);
    }
    int st = job->method == TT_BON ? run_bon(job, &model, recs, &pg, msg) : run_params(job, &model, recs, &pg, msg);
    if (st != TT_OK || job->method == TT_BON)
        return st;
    return tt_records_of_pass(job, recs, tt_now() - t0, hooks, msg);
}
