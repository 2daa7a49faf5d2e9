/* stream.h: what defines the random stream, for the host and the kernels
 * alike: the counter of a draw and the chunks that group samples and trials. */
#ifndef TAILTILT_STREAM_H
#define TAILTILT_STREAM_H

#include "philox.h"

/* Samples per chunk (best-of-N: outcomes per chunk, about): a chunk is the
 * unit of work and of merging, so the value is part of every record's
 * definition and never depends on threads, grid size or hardware. */
#define TT_CHUNK_SAMPLES 65536u

/* The counter of one Philox call: word 0 the draw (call) within a sample,
 * word 1 the sample within its chunk, word 2 the chunk, word 3 the point's
 * stream (a hash of the point's identity, host/core/stream.c); the key is the
 * seed. */
TT_FUNCTION tt_philox_ctr tt_philox_counter(uint32_t point, uint32_t chunk, uint32_t sample, uint32_t draw)
{
    tt_philox_ctr c;
    c.v[0] = draw;
    c.v[1] = sample;
    c.v[2] = chunk;
    c.v[3] = point;
    return c;
}

/* Best-of-N tournaments: trials per chunk, about 2^16 outcomes a chunk and
 * at least one trial; trial k of a pass is trial k mod this of chunk k / this. */
TT_FUNCTION uint32_t tt_bon_trials_per_chunk(uint32_t n)
{
    return n >= TT_CHUNK_SAMPLES ? 1u : TT_CHUNK_SAMPLES / n;
}

/* Chunks of a pass of `items` samples (or trials) at `per_chunk` a chunk. */
TT_FUNCTION uint64_t tt_chunk_count(uint64_t items, uint32_t per_chunk)
{
    return (items + per_chunk - 1) / per_chunk;
}

/* Items (samples or trials) in chunk `chunk` of a pass of `items`. */
TT_FUNCTION uint32_t tt_chunk_items(uint64_t chunk, uint32_t per_chunk, uint64_t items)
{
    uint64_t start = chunk * per_chunk;
    return start >= items ? 0u : (uint32_t)(items - start < per_chunk ? items - start : per_chunk);
}

#endif
