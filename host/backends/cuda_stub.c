/* cuda_stub.c: the CUDA backend of a build without nvcc: never usable, with
 * a message that says why, so that auto falls back to the CPU. */
#include <stdio.h>
#include "backends/backend.h"

int tt_cuda_usable(char *why)
{
    if (why)
        snprintf(why, TT_MSG_LEN, "this build has no CUDA backend (nvcc was not found when it was configured)");
    return 0;
}

void tt_cuda_bind(int local_rank)
{
    (void)local_rank;
}

const char *tt_cuda_device_name(void)
{
    return "";
}

const char *tt_cuda_unsupported(const tt_job *job)
{
    (void)job;
    return "this build has no CUDA backend";
}

int tt_run_cuda(const tt_job *job, tt_record *recs, const tt_run_hooks *hooks, char *msg)
{
    (void)job;
    (void)recs;
    (void)hooks;
    snprintf(msg, TT_MSG_LEN, "--backend cuda: this build has no CUDA backend (nvcc was not found when it was configured)");
    return TT_EUNSUP;
}
