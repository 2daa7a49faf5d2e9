/* run.h: the run a sample pass belongs to: the caller's hooks (progress,
 * finished records), the samples done so far, and where chunks are computed. */
#ifndef TAILTILT_CORE_RUN_H
#define TAILTILT_CORE_RUN_H

#include <stddef.h>
#include "tailtilt.h"

typedef struct tt_chunk_ops tt_chunk_ops;

/* Where a pass's chunks are computed when not all in this process (MPI):
 * either this process serves chunks [first, last) of every pass, emitting
 * each chunk's own accumulator in chunk order (the pass then ends with
 * TT_SERVED), or the chunks are computed elsewhere and `distribute` merges
 * them exactly as the engine would (push and collect in chunk order). */
typedef struct {
    uint64_t first, last;
    int (*emit)(void *user, uint64_t chunk, const void *acc, size_t size);
    int (*distribute)(void *user, const tt_chunk_ops *ops, const void *ctx, uint64_t nchunks, void *result,
                      char *msg);
    void *user;
} tt_executor;

typedef struct {
    const tt_job *job;
    tt_run_hooks hooks;
    uint64_t done, total;     /* samples drawn by finished passes; by the whole run */
    const tt_executor *exec;  /* NULL: every chunk here */
} tt_run_state;

void tt_run_start(tt_run_state *run, const tt_job *job, const tt_run_hooks *hooks, uint64_t total,
                  const tt_executor *exec);
/* Progress inside a pass: `done` samples of the current pass. */
void tt_run_progress(tt_run_state *run, uint64_t done);
/* 1 when the caller asks the run to stop. */
int tt_run_stopped(tt_run_state *run);
/* The records [first, first + count) of one pass are final: each gets the
 * pass's time and rate and the check of its numbers, and goes to the record
 * hook, in order; the run then counts the pass's samples as done. TT_EIO
 * when the hook fails. */
int tt_run_emit(tt_run_state *run, tt_record *recs, int first, int count, double wall, uint64_t samples, char *msg);

#endif
