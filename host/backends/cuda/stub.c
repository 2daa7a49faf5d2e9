/* stub.c (cuda): the CUDA backend of a build without nvcc: never usable,
 * with a message that says why, so that auto falls back to the CPU. */
#include <stdio.h>
#include <unistd.h>
#include "backends/backend.h"

#define NO_CUDA "this build has no CUDA backend (nvcc was not found when it was configured)"

int tt_cuda_usable(char *why)
{
    if (why)
        snprintf(why, TT_MSG_LEN, NO_CUDA);
    return 0;
}

int tt_cuda_present(void)
{
    return access("/dev/nvidiactl", F_OK) == 0 || access("/proc/driver/nvidia/version", F_OK) == 0;
}

void tt_cuda_bind(int local_rank)
{
    (void)local_rank;
}

const char *tt_cuda_device_name(void)
{
    return "";
}

static int unusable(const tt_model *model, void **session, const tt_model **device_model, char *msg)
{
    (void)model;
    (void)session;
    (void)device_model;
    snprintf(msg, TT_MSG_LEN, "--backend cuda: " NO_CUDA);
    return TT_EUNSUP;
}

const tt_backend tt_backend_cuda = {"cuda", tt_cuda_device_name, 0, unusable, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
