/* gpu_probe.c: exits 0 when a CUDA device is usable, 77 (ctest's "skipped")
 * otherwise, saying why: run before the GPU suite, in its own process. */
#include <stdio.h>
#include "backends/backend.h"

int main(void)
{
    char why[TT_MSG_LEN];
    if (tt_cuda_usable(why)) {
        printf("CUDA device: %s\n", tt_cuda_device_name());
        return 0;
    }
    printf("skipped: %s\n", why);
    return 77;
}
