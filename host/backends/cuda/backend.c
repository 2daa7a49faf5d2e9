/* backend.c (cuda): the CUDA backend's passes: each splits its chunks into
 * aligned blocks, runs each block on the device (kernels/), and merges the
 * blocks in the engine's tree, so records follow the CPU's definitions. */
#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include "backends/backend.h"
#include "core/engine.h"
#include "tt_cuda.h"

/* A host allocation of the driver failed. */
static int host_oom(char *msg)
{
    snprintf(msg, TT_MSG_LEN, "out of host memory for the CUDA backend's buffers");
    return TT_ENOMEM;
}

static char device_name[256];

/* Probed once per process, on the device bound by then (tt_cuda_bind). */
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

int tt_cuda_present(void)
{
    return access("/dev/nvidiactl", F_OK) == 0 || access("/proc/driver/nvidia/version", F_OK) == 0;
}

void tt_cuda_bind(int local_rank)
{
    tt_cuda_select(local_rank);
}

/* The device this process runs on: the one bound (an MPI rank's), not device 0. */
const char *tt_cuda_device_name(void)
{
    if (tt_cuda_usable(NULL))
        tt_cuda_current_name(device_name, sizeof device_name);
    return device_name;
}

/* A run on the device: its scratch memory and its model (data uploaded). */
typedef struct {
    tt_cuda_scratch *scratch;
    tt_model model;
} session;

static int cuda_begin(const tt_model *host, void **out, const tt_model **device_model, char *msg)
{
    char why[TT_MSG_LEN];
    if (!tt_cuda_usable(why)) {
        snprintf(msg, TT_MSG_LEN, "--backend cuda: %s", why);
        return TT_EUNSUP;
    }
    session *s = calloc(1, sizeof *s);
    if (!s)
        return host_oom(msg);
    int st = tt_cuda_scratch_create(&s->scratch, msg);
    if (st == TT_OK)
        st = tt_cuda_device_model(s->scratch, host, &s->model, msg);
    if (st != TT_OK) {
        tt_cuda_scratch_destroy(s->scratch);
        free(s);
        return st;
    }
    *out = s;
    *device_model = &s->model;
    return TT_OK;
}

static void cuda_end(void *vs)
{
    session *s = vs;
    if (s)
        tt_cuda_scratch_destroy(s->scratch);
    free(s);
}

static tt_cuda_scratch *scratch_of(const tt_pass *p)
{
    return ((session *)p->session)->scratch;
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

static int too_many_chunks(uint64_t nchunks, char *msg)
{
    if (nchunks <= 0xffffffffull)
        return 0;
    snprintf(msg, TT_MSG_LEN, "too many samples: %llu chunks exceed the 2^32 chunk counter",
             (unsigned long long)nchunks);
    return 1;
}

/* A block's per-chunk k-hat lists and their bounds, into the pool. */
static void offer_lists(tt_khat_pool *pool, const double *lists, const double *bounds, int per_chunk,
                        uint32_t nchunks)
{
    for (uint32_t c = 0; c < nchunks; ++c)
        tt_khat_pool_offer_device_list(pool, lists + (size_t)c * (size_t)per_chunk, per_chunk, bounds[c]);
}

/* The accumulator of one parameter: tilting in double or single, or exceedances. */
typedef enum { ACC_TILT, ACC_TILT_SINGLE, ACC_SUMS } acc_kind;

static size_t acc_bytes(acc_kind k)
{
    return k == ACC_TILT ? sizeof(tt_tilt_acc) : k == ACC_TILT_SINGLE ? sizeof(tt_tilt_bacc) : sizeof(tt_sums3);
}

typedef struct {
    acc_kind kind;
    int P;
} param_ctx;

static void params_init(const void *vctx, void *acc)
{
    const param_ctx *c = vctx;
    for (int p = 0; p < c->P; ++p) {
        if (c->kind == ACC_TILT) tt_tilt_init((tt_tilt_acc *)acc + p);
        else if (c->kind == ACC_TILT_SINGLE) tt_tilt_bacc_init((tt_tilt_bacc *)acc + p);
        else tt_sums3_init((tt_sums3 *)acc + p);
    }
}

static void params_merge(const void *vctx, void *dst, const void *src)
{
    const param_ctx *c = vctx;
    for (int p = 0; p < c->P; ++p) {
        if (c->kind == ACC_TILT) tt_tilt_merge((tt_tilt_acc *)dst + p, (const tt_tilt_acc *)src + p);
        else if (c->kind == ACC_TILT_SINGLE) tt_tilt_bacc_merge((tt_tilt_bacc *)dst + p, (const tt_tilt_bacc *)src + p);
        else tt_sums3_merge((tt_sums3 *)dst + p, (const tt_sums3 *)src + p);
    }
}

/* One pass for P parameters of one kind (0: tilt by 1/beta, 1: exceedance
 * of thresholds); result: P accumulators. For tilt, also the first half of
 * the chunks' (half_result) and the batch sums (batch), and the largest U
 * values (pool), each when not NULL. */
static int params_pass(const tt_pass *p, int kind, const double *params, int P, int y_is_error, void *result,
                       void *half_result, tt_batch_sums *batch, tt_khat_pool *pool, char *msg)
{
    acc_kind ak = kind == 1 ? ACC_SUMS : p->single ? ACC_TILT_SINGLE : ACC_TILT;
    param_ctx c = {ak, P};
    tt_chunk_ops ops = {acc_bytes(ak) * (size_t)P, params_init, NULL, params_merge, NULL, NULL};
    uint64_t nchunks = tt_chunk_count(p->items, TT_CHUNK_SAMPLES), done = 0, half = (nchunks + 1) / 2;
    if (too_many_chunks(nchunks, msg))
        return TT_EINVAL;
    int per_chunk = pool ? tt_khat_per_chunk(p->items, pool->cap, TT_CUDA_MAX_TOPK) : 0;
    tt_merge_stack stack = {0}, half_stack = {0};
    void *block = malloc(ops.acc_size);
    tt_batch_sums *bblock = malloc(sizeof(tt_batch_sums) * (size_t)P);
    double *lists = pool ? malloc(sizeof(double) * ((size_t)per_chunk << TT_CUDA_MAX_LEVEL)) : NULL;
    double *bounds = pool ? malloc(sizeof(double) << TT_CUDA_MAX_LEVEL) : NULL;
    int st = block && bblock && (!pool || (lists && bounds)) && tt_merge_stack_init(&stack, &ops, &c) == TT_OK &&
                     tt_merge_stack_init(&half_stack, &ops, &c) == TT_OK
                 ? TT_OK
                 : host_oom(msg);
    for (int k = 0; batch && k < P; ++k)
        tt_batch_init(&batch[k]);
    while (st == TT_OK && done < nchunks) {
        int level = next_level(done, nchunks, half);
        st = tt_cuda_params_block(scratch_of(p), kind, p->single, p->model, p->key, p->stream, (uint32_t)done, level,
                                  p->items, params, P, y_is_error, block, batch ? bblock : NULL, lists, per_chunk,
                                  bounds, msg);
        if (st != TT_OK)
            break;
        if (pool)
            offer_lists(pool, lists, bounds, per_chunk, 1u << level);
        for (int k = 0; batch && k < P; ++k)
            tt_batch_merge(&batch[k], &bblock[k]);
        if (done + (1ull << level) <= half) /* the first half's own tree, for the stability fields */
            tt_merge_stack_push(&half_stack, block, level);
        tt_merge_stack_push(&stack, block, level);
        done += 1ull << level;
        tt_run_progress(p->run, done * TT_CHUNK_SAMPLES < p->items ? done * TT_CHUNK_SAMPLES : p->items);
    }
    if (st == TT_OK) {
        tt_merge_stack_finish(&stack, result);
        if (half_result)
            tt_merge_stack_finish(&half_stack, half_result);
    }
    tt_merge_stack_free(&stack);
    tt_merge_stack_free(&half_stack);
    free(block), free(bblock), free(lists), free(bounds);
    return st;
}

/* Tilting: the betas in groups (TT_CUDA_MAX_PARAMS in double, TT_CUDA_SINGLE_BETAS
 * in single, whose weights live in registers), each group a pass of the
 * same stream; the k-hat pool from the first group only. */
static int cuda_tilt(const tt_pass *p, tt_tilt_work *w, char *msg)
{
    int per = p->single ? TT_CUDA_SINGLE_BETAS : TT_CUDA_MAX_PARAMS;
    for (int g0 = 0; g0 < w->nb; g0 += per) {
        int P = w->nb - g0 < per ? w->nb - g0 : per;
        void *all = p->single ? (void *)(w->ball + g0) : (void *)(w->all + g0);
        void *half = !w->diagnostics ? NULL : p->single ? (void *)(w->bhalf + g0) : (void *)(w->half + g0);
        int st = params_pass(p, 0, w->inv_beta + g0, P, 0, all, half, w->diagnostics ? w->batch + g0 : NULL,
                             w->diagnostics && g0 == 0 ? w->pool : NULL, msg);
        if (st != TT_OK)
            return st;
    }
    return TT_OK;
}

/* Exceedances: thresholds in groups, each with a threshold of -inf last
 * (the sums over every sample). */
static int cuda_exceed(const tt_pass *p, tt_exceed_work *w, char *msg)
{
    const int per = TT_CUDA_MAX_PARAMS - 1;
    for (int g0 = 0; g0 < w->nt; g0 += per) {
        int P = w->nt - g0 < per ? w->nt - g0 : per;
        double params[TT_CUDA_MAX_PARAMS];
        tt_sums3 res[TT_CUDA_MAX_PARAMS];
        memcpy(params, w->t + g0, sizeof(double) * (size_t)P);
        params[P] = -INFINITY;
        int st = params_pass(p, 1, params, P + 1, w->y_is_error, res, NULL, NULL, NULL, msg);
        if (st != TT_OK)
            return st;
        memcpy(w->hi + g0, res, sizeof(tt_sums3) * (size_t)P);
        w->all = res[P];
    }
    return TT_OK;
}

static void sums_init(const void *ctx, void *acc) { (void)ctx; tt_sums3_init(acc); }
static void sums_merge(const void *ctx, void *d, const void *s) { (void)ctx; tt_sums3_merge(d, s); }

static int cuda_tournament(const tt_pass *p, tt_tournament_work *w, char *msg)
{
    uint32_t tpc = tt_bon_trials_per_chunk(w->n);
    uint64_t nchunks = tt_chunk_count(p->items, tpc), done = 0;
    if (too_many_chunks(nchunks, msg))
        return TT_EINVAL;
    tt_chunk_ops ops = {sizeof(tt_sums3), sums_init, NULL, sums_merge, NULL, NULL};
    tt_merge_stack stack;
    if (tt_merge_stack_init(&stack, &ops, NULL) != TT_OK) {
        tt_merge_stack_free(&stack);
        return host_oom(msg);
    }
    tt_spread_init(&w->spread);
    int st = TT_OK;
    while (st == TT_OK && done < nchunks) {
        int level = next_level(done, nchunks, 0);
        tt_sums3 block;
        tt_spread bspread;
        st = tt_cuda_bon_block(scratch_of(p), p->single, p->model, p->key, p->stream, (uint32_t)done, level,
                               p->items, w->n, tpc, &block, &bspread, msg);
        if (st != TT_OK)
            break;
        tt_merge_stack_push(&stack, &block, level);
        tt_spread_merge(&w->spread, &bspread);
        done += 1ull << level;
        uint64_t trials = done * tpc < p->items ? done * tpc : p->items;
        tt_run_progress(p->run, trials * w->n);
    }
    if (st == TT_OK)
        tt_merge_stack_finish(&stack, &w->sums);
    tt_merge_stack_free(&stack);
    return st;
}

static void pair_init(const void *ctx, void *acc) { (void)ctx; tt_is_split_init(acc); }
static void pair_merge(const void *ctx, void *d, const void *s) { (void)ctx; tt_is_split_merge(d, s); }

static int cuda_importance(const tt_pass *p, tt_importance_work *w, char *msg)
{
    uint64_t nchunks = tt_chunk_count(p->items, TT_CHUNK_SAMPLES), done = 0;
    if (too_many_chunks(nchunks, msg))
        return TT_EINVAL;
    tt_khat_pool *pool = w->diagnostics ? w->pool : NULL;
    int per_chunk = pool ? tt_khat_per_chunk(p->items, pool->cap, TT_CUDA_MAX_TOPK) : 0;
    tt_chunk_ops ops = {sizeof(tt_is_split), pair_init, NULL, pair_merge, NULL, NULL};
    tt_merge_stack stack = {0};
    double *lists = pool ? malloc(sizeof(double) * ((size_t)per_chunk << TT_CUDA_MAX_LEVEL)) : NULL;
    double *bounds = pool ? malloc(sizeof(double) << TT_CUDA_MAX_LEVEL) : NULL;
    int st = (!pool || (lists && bounds)) && tt_merge_stack_init(&stack, &ops, NULL) == TT_OK ? TT_OK : host_oom(msg);
    while (st == TT_OK && done < nchunks) {
        int level = next_level(done, nchunks, 0);
        tt_is_split block;
        st = tt_cuda_is_block(scratch_of(p), p->model, p->key, p->stream, (uint32_t)done, level, p->items, w->prop,
                              w->t, w->y_is_error, &block, lists, per_chunk, bounds, msg);
        if (st != TT_OK)
            break;
        if (pool)
            offer_lists(pool, lists, bounds, per_chunk, 1u << level);
        tt_merge_stack_push(&stack, &block, level);
        done += 1ull << level;
        tt_run_progress(p->run, done * TT_CHUNK_SAMPLES < p->items ? done * TT_CHUNK_SAMPLES : p->items);
    }
    if (st == TT_OK)
        tt_merge_stack_finish(&stack, &w->sums);
    tt_merge_stack_free(&stack);
    free(lists), free(bounds);
    return st;
}

static int cuda_sample_set(const tt_pass *p, tt_sample_set_work *w, char *msg)
{
    int st = tt_cuda_bon_weighted(p->model, p->key, p->stream, p->items, w->prop, w->Ns, w->nN, w->replicates,
                                  w->full, w->rep, w->near, msg);
    if (st == TT_OK)
        tt_run_progress(p->run, p->items);
    return st;
}

const tt_backend tt_backend_cuda = {
    "cuda", tt_cuda_device_name, 0, cuda_begin, cuda_end, cuda_tilt, cuda_exceed, cuda_tournament, cuda_importance,
    cuda_sample_set, NULL,
};
