/* stream.c: the stream of every kind of pass, from its identity string
 * (FNV-1a, folded to 32 bits); the formulas are part of every record's
 * definition and must never change. */
#include <stdio.h>
#include "core/stream.h"
#include "core/util.h"

static uint32_t fold(const char *id, int len)
{
    uint64_t h = tt_fnv1a64(id, (size_t)len, TT_FNV_OFFSET);
    return (uint32_t)(h ^ (h >> 32));
}

uint32_t tt_stream_model(const tt_job *job)
{
    char id[3 * TT_SPEC_LEN];
    return fold(id, snprintf(id, sizeof id, "%s|%s", job->error_spec, job->utility_spec));
}

uint32_t tt_stream_model_n(const tt_job *job, double n)
{
    char id[3 * TT_SPEC_LEN];
    return fold(id, snprintf(id, sizeof id, "%s|%s|n=%.0f", job->error_spec, job->utility_spec, n));
}

uint32_t tt_stream_importance(const tt_job *job, const char *method, double t)
{
    char id[3 * TT_SPEC_LEN];
    return fold(id, snprintf(id, sizeof id, "%s|%s|is|%s|%.17g|%d", job->error_spec, job->utility_spec, method, t,
                             job->proposal));
}

uint32_t tt_stream_sample_set(const tt_job *job)
{
    uint32_t s = tt_stream_model(job) ^ 0x5bd1e995u;
    if (job->proposal != TT_PROPOSAL_NONE)
        s ^= 0x9e3779b9u * (uint32_t)(job->proposal + 2);
    return s;
}
