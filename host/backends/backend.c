/* backend.c: picks the backend of a job: cpu, cuda, or auto (cuda when a
 * device is usable and runs the job, else cpu with a one-line note). */
#include <stdio.h>
#include "backends/backend.h"

int tt_run(const tt_job *job, tt_record *recs, const tt_run_hooks *hooks, char *msg)
{
    if (job->backend == TT_BACKEND_CPU)
        return tt_run_cpu(job, recs, hooks, msg);
    if (job->backend == TT_BACKEND_CUDA)
        return tt_run_cuda(job, recs, hooks, msg);
    char why[TT_MSG_LEN];
    const char *no = NULL;
    if (tt_cuda_usable(why) && !(no = tt_cuda_unsupported(job)))
        return tt_run_cuda(job, recs, hooks, msg);
    static int noted;
    if (!noted) {
        fprintf(stderr, "tailtilt: note: running on the CPU: %s\n", no ? no : why);
        noted = 1;
    }
    return tt_run_cpu(job, recs, hooks, msg);
}
