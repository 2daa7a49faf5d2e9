/* engine.c: runs a method's chunks on the CPU with OpenMP and merges them
 * in a fixed tree that depends on the chunk count only, never on threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "engine.h"

/* Binary-counter merge: after chunks 0..k-1, level l of the stack holds the
 * merge of a complete block of 2^l consecutive chunks, so the tree shape is
 * that of k in binary, whatever order the chunks were computed in. */
typedef struct {
    const tt_chunk_ops *ops;
    const void *ctx;
    unsigned char *levels; /* 64 accumulators */
    uint64_t pushed;
} merge_stack;

static void *level_at(merge_stack *m, int l)
{
    return m->levels + (size_t)l * m->ops->acc_size;
}

static void stack_push(merge_stack *m, void *acc)
{
    int l = 0;
    while (m->pushed & (1ull << l)) {
        m->ops->merge(m->ctx, level_at(m, l), acc); /* earlier block on the left */
        memcpy(acc, level_at(m, l), m->ops->acc_size);
        ++l;
    }
    memcpy(level_at(m, l), acc, m->ops->acc_size);
    m->pushed++;
}

static void stack_finish(merge_stack *m, void *result)
{
    m->ops->init(m->ctx, result);
    for (int l = 63; l >= 0; --l)
        if (m->pushed & (1ull << l))
            m->ops->merge(m->ctx, result, level_at(m, l));
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

int tt_engine_run(const tt_chunk_ops *ops, const void *ctx, uint64_t items, uint32_t per_chunk,
                  int threads, tt_progress_ctx *progress, void *result, char *msg)
{
    uint64_t nchunks = (items + per_chunk - 1) / per_chunk;
    if (nchunks > 0xffffffffull) {
        snprintf(msg, TT_MSG_LEN, "too many samples: %llu chunks exceed the 2^32 chunk counter",
                 (unsigned long long)nchunks);
        return TT_EINVAL;
    }
    threads = tt_resolve_threads(threads);
    /* A batch is computed in parallel, then pushed in chunk order. */
    uint64_t batch = (uint64_t)threads * 8;
    merge_stack m = {ops, ctx, calloc(64, ops->acc_size), 0};
    unsigned char *buf = calloc(batch, ops->acc_size);
    if (!m.levels || !buf) {
        free(m.levels);
        free(buf);
        snprintf(msg, TT_MSG_LEN, "out of memory for %llu accumulators", (unsigned long long)batch);
        return TT_ENOMEM;
    }
    for (uint64_t first = 0; first < nchunks; first += batch) {
        uint64_t nb = nchunks - first < batch ? nchunks - first : batch;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (uint64_t i = 0; i < nb; ++i) {
            uint64_t c = first + i;
            uint64_t start = c * per_chunk;
            uint32_t count = (uint32_t)(items - start < per_chunk ? items - start : per_chunk);
            void *acc = buf + i * ops->acc_size;
            ops->init(ctx, acc);
            ops->chunk(ctx, (uint32_t)c, count, acc);
        }
        for (uint64_t i = 0; i < nb; ++i) {
            if (ops->collect)
                ops->collect(ops->state, (uint32_t)(first + i), buf + i * ops->acc_size);
            stack_push(&m, buf + i * ops->acc_size);
        }
        if (progress && progress->fn) {
            uint64_t done_items = (first + nb) * per_chunk < items ? (first + nb) * per_chunk : items;
            progress->fn(progress->user, progress->done_before + done_items * progress->samples_per_item,
                         progress->total);
        }
    }
    stack_finish(&m, result);
    free(m.levels);
    free(buf);
    return TT_OK;
}
