/* engine.h: the CPU's chunk runner, shared by every pass of the CPU backend:
 * chunks computed in parallel, merged in a fixed binary tree by chunk index. */
#ifndef TAILTILT_ENGINE_H
#define TAILTILT_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include "core/run.h"
#include "tailtilt/stream.h"

struct tt_chunk_ops {
    size_t acc_size;
    void (*init)(const void *ctx, void *acc);
    /* Compute chunk `chunk` (holding `count` samples) into acc from scratch. */
    void (*chunk)(const void *ctx, uint32_t chunk, uint32_t count, void *acc);
    /* dst = dst (earlier chunks) merged with src (later chunks). */
    void (*merge)(const void *ctx, void *dst, const void *src);
    /* Optional: sees every chunk's own accumulator, one at a time in chunk
     * order, before it is merged (diagnostics that are not a plain merge). */
    void (*collect)(void *state, uint32_t chunk, const void *acc);
    void *state;
};

/* The fixed merge tree of chunk results, for every backend and for MPI. */
typedef struct {
    const tt_chunk_ops *ops;
    const void *ctx;
    unsigned char *levels, *carry;
    uint64_t pushed; /* chunks merged so far */
} tt_merge_stack;

int tt_merge_stack_init(tt_merge_stack *m, const tt_chunk_ops *ops, const void *ctx);
/* acc (copied) covers chunks [pushed, pushed + 2^level), already merged in
 * the tree's shape; pushed must be a multiple of 2^level. */
void tt_merge_stack_push(tt_merge_stack *m, const void *acc, int level);
/* The merge of everything pushed, into result; frees the stack. */
void tt_merge_stack_finish(tt_merge_stack *m, void *result);
void tt_merge_stack_free(tt_merge_stack *m);

/* The thread count to use: the request, or all available when < 1. */
int tt_resolve_threads(int requested);

/* Runs `items` items (samples, or trials of `samples_per_item` outcomes) in
 * chunks of `per_chunk`, on `threads` threads or through run->exec; result
 * holds acc_size bytes. TT_SERVED when this process only served chunks. */
int tt_engine_run(const tt_chunk_ops *ops, const void *ctx, uint64_t items, uint32_t per_chunk,
                  uint64_t samples_per_item, int threads, tt_run_state *run, void *result, char *msg);

#endif
