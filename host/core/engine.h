/* engine.h: the CPU backend's chunk runner, shared by every method: chunks
 * computed in parallel, merged in a fixed binary tree by chunk index. */
#ifndef TAILTILT_ENGINE_H
#define TAILTILT_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include "tailtilt.h"

/* Samples (or best-of-N trials) per chunk: part of the random stream's
 * definition, so it never depends on threads or hardware. */
#define TT_CHUNK_SAMPLES 65536u

typedef struct {
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
} tt_chunk_ops;

typedef struct {
    tt_progress_fn fn;
    tt_record_fn record;
    void *user;
    uint64_t done_before, total; /* samples, across the calls of one run */
    uint64_t samples_per_item;   /* samples in one chunk item (N for best-of-N) */
} tt_progress_ctx;

/* The fixed merge tree of chunk results (host/engine.c), for every backend. */
typedef struct {
    const tt_chunk_ops *ops;
    const void *ctx;
    unsigned char *levels, *carry;
    uint64_t pushed; /* chunks merged so far */
} tt_merge_stack;

int tt_merge_stack_init(tt_merge_stack *m, const tt_chunk_ops *ops, const void *ctx);
void tt_merge_stack_push(tt_merge_stack *m, const void *acc, int level);
void tt_merge_stack_finish(tt_merge_stack *m, void *result);

/* Distributed runs (host/mpi_run.c): a process either serves a range of a
 * pass's chunks (computing each chunk's own accumulator and emitting it, in
 * chunk order; the run then stops with TT_ESKIP) or has the pass's chunks
 * computed elsewhere (`distribute` receives them and merges them exactly as
 * tt_engine_run would: push and collect in chunk order). NULL: run locally. */
#define TT_ESKIP 100
typedef struct {
    uint64_t first, last;   /* serve: chunks [first, last) */
    int (*emit)(void *user, uint64_t chunk, const void *acc, size_t size);
    int (*distribute)(void *user, const tt_chunk_ops *ops, const void *ctx, uint64_t nchunks, void *result,
                      char *msg);
    void *user;
} tt_engine_hook;
extern tt_engine_hook *tt_engine_remote;

/* The thread count to use: the request, or all available when < 1. */
int tt_resolve_threads(int requested);

/* Run `items` items in chunks of `per_chunk`; result must hold acc_size bytes. */
int tt_engine_run(const tt_chunk_ops *ops, const void *ctx, uint64_t items, uint32_t per_chunk,
                  int threads, tt_progress_ctx *progress, void *result, char *msg);

#endif
