/* engine.c: runs a method's chunks on the CPU with OpenMP and merges them
 * in a fixed tree that depends on the chunk count only, never on threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "core/engine.h"

/* Binary-counter merge: after chunks 0..k-1, level l of the stack holds the
 * merge of a complete block of 2^l consecutive chunks, so the tree shape is
 * that of k in binary, whatever order the chunks were computed in. A block of
 * 2^l chunks already merged in that shape (by a GPU, say) enters at level l. */
static void *level_at(tt_merge_stack *m, int l)
{
    return m->levels + (size_t)l * m->ops->acc_size;
}

int tt_merge_stack_init(tt_merge_stack *m, const tt_chunk_ops *ops, const void *ctx)
{
    m->ops = ops;
    m->ctx = ctx;
    m->pushed = 0;
    m->levels = calloc(64, ops->acc_size); /* 2^64 chunks at most */
    m->carry = malloc(ops->acc_size);
    return m->levels && m->carry ? TT_OK : TT_ENOMEM;
}

/* acc (overwritten) covers chunks [pushed, pushed + 2^level); pushed must be
 * a multiple of 2^level, as it is when blocks arrive in order, largest first. */
void tt_merge_stack_push(tt_merge_stack *m, const void *acc, int level)
{
    memcpy(m->carry, acc, m->ops->acc_size);
    int l = level;
    while (m->pushed & (1ull << l)) {
        m->ops->merge(m->ctx, level_at(m, l), m->carry); /* earlier block on the left */
        memcpy(m->carry, level_at(m, l), m->ops->acc_size);
        ++l;
    }
    memcpy(level_at(m, l), m->carry, m->ops->acc_size);
    m->pushed += 1ull << level;
}

void tt_merge_stack_finish(tt_merge_stack *m, void *result)
{
    m->ops->init(m->ctx, result);
    for (int l = 63; l >= 0; --l)
        if (m->pushed & (1ull << l))
            m->ops->merge(m->ctx, result, level_at(m, l));
    free(m->levels);
    free(m->carry);
    m->levels = m->carry = NULL;
}

void tt_merge_stack_free(tt_merge_stack *m)
{
    free(m->levels);
    free(m->carry);
    m->levels = m->carry = NULL;
}

int tt_resolve_threads(int requested)
{
#ifdef _OPENMP
    return requested >= 1 ? requested : omp_get_max_threads();
#else
    (void)requested;
    return 1;
#endif
}

/* Chunk c's accumulator, from scratch. */
static void run_chunk(const tt_chunk_ops *ops, const void *ctx, uint64_t c, uint64_t items, uint32_t per_chunk,
                      void *acc)
{
    ops->init(ctx, acc);
    ops->chunk(ctx, (uint32_t)c, tt_chunk_items(c, per_chunk, items), acc);
}

/* Serve mode: compute chunks [first, last) in parallel batches, emit in order. */
static int serve_range(const tt_executor *h, const tt_chunk_ops *ops, const void *ctx, uint64_t items,
                       uint32_t per_chunk, uint64_t nchunks, int threads, tt_run_state *run, char *msg)
{
    uint64_t last = h->last < nchunks ? h->last : nchunks, batch = (uint64_t)threads * 8;
    unsigned char *buf = calloc(batch, ops->acc_size);
    if (!buf) {
        snprintf(msg, TT_MSG_LEN, "out of memory for %llu accumulators", (unsigned long long)batch);
        return TT_ENOMEM;
    }
    int st = TT_SERVED;
    for (uint64_t first = h->first; first < last && st == TT_SERVED; first += batch) {
        uint64_t nb = last - first < batch ? last - first : batch;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (uint64_t i = 0; i < nb; ++i)
            run_chunk(ops, ctx, first + i, items, per_chunk, buf + i * ops->acc_size);
        for (uint64_t i = 0; i < nb && st == TT_SERVED; ++i)
            if (h->emit(h->user, first + i, buf + i * ops->acc_size, ops->acc_size) != 0) {
                snprintf(msg, TT_MSG_LEN, "sending the result of chunk %llu failed", (unsigned long long)(first + i));
                st = TT_EIO;
            }
        if (st == TT_SERVED && tt_run_stopped(run)) {
            snprintf(msg, TT_MSG_LEN, "stopped: another rank failed");
            st = TT_EIO;
        }
    }
    free(buf);
    return st;
}

int tt_engine_run(const tt_chunk_ops *ops, const void *ctx, uint64_t items, uint32_t per_chunk,
                  uint64_t samples_per_item, int threads, tt_run_state *run, void *result, char *msg)
{
    uint64_t nchunks = tt_chunk_count(items, per_chunk);
    if (nchunks > 0xffffffffull) {
        snprintf(msg, TT_MSG_LEN, "too many samples: %llu chunks exceed the 2^32 chunk counter",
                 (unsigned long long)nchunks);
        return TT_EINVAL;
    }
    threads = tt_resolve_threads(threads);
    const tt_executor *exec = run ? run->exec : NULL;
    if (exec && exec->emit)
        return serve_range(exec, ops, ctx, items, per_chunk, nchunks, threads, run, msg);
    if (exec && exec->distribute)
        return exec->distribute(exec->user, ops, ctx, nchunks, result, msg);
    /* A batch is computed in parallel, then pushed in chunk order. */
    uint64_t batch = (uint64_t)threads * 8;
    tt_merge_stack m;
    unsigned char *buf = calloc(batch, ops->acc_size);
    if (tt_merge_stack_init(&m, ops, ctx) != TT_OK || !buf) {
        tt_merge_stack_free(&m);
        free(buf);
        snprintf(msg, TT_MSG_LEN, "out of memory for %llu accumulators", (unsigned long long)batch);
        return TT_ENOMEM;
    }
    for (uint64_t first = 0; first < nchunks; first += batch) {
        uint64_t nb = nchunks - first < batch ? nchunks - first : batch;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (uint64_t i = 0; i < nb; ++i)
            run_chunk(ops, ctx, first + i, items, per_chunk, buf + i * ops->acc_size);
        for (uint64_t i = 0; i < nb; ++i) {
            if (ops->collect)
                ops->collect(ops->state, (uint32_t)(first + i), buf + i * ops->acc_size);
            tt_merge_stack_push(&m, buf + i * ops->acc_size, 0);
        }
        if (run) {
            uint64_t done_items = (first + nb) * per_chunk < items ? (first + nb) * per_chunk : items;
            tt_run_progress(run, done_items * samples_per_item);
        }
        if (first + nb < nchunks && tt_run_stopped(run)) {
            tt_merge_stack_free(&m);
            free(buf);
            snprintf(msg, TT_MSG_LEN, "stopped: another rank failed");
            return TT_EIO;
        }
    }
    tt_merge_stack_finish(&m, result);
    free(buf);
    return TT_OK;
}
